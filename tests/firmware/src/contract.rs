//! The fixed contract between this firmware and the QEMU boot harness.
//! What the harness relies on too (entry point, device tree, SCMI channels
//! and ids) comes from the platform crate (`tests/platform`), which both
//! read; the rest is the firmware's own view of the machine.
//!
//! QEMU runs `-machine virt,secure=on,virtualization=on,gic-version=3
//! -cpu cortex-a57 -m 2G -bios fw.bin -semihosting-config
//! enable=on,target=native`. Every CPU starts at EL3 at address 0 (the
//! secure flash, read-only); the one whose MPIDR affinity is all zero
//! boots, the others park until PSCI CPU_ON. The boot CPU sets up the GIC
//! and the EL3 registers and ERETs to EL2h at [`NS_ENTRY`] with
//! x0 = [`NS_DTB`], x1..x3 = 0, DAIF masked. SYSTEM_OFF ends QEMU with
//! exit status 0, SYSTEM_RESET with 1, after the counter lines.
//!
//! SCMI is served to [`SCMI_CHANNELS`] agents, each over its own channel
//! rung by its own SMC: agent k+1 (k = 0, 1, ...) calls [`SCMI_SMC_ID`] + k
//! over the [`SCMI_SHMEM_SIZE`] bytes at [`SCMI_SHMEM_BASE`] + k *
//! [`SCMI_SHMEM_SIZE`] (see [`crate::scmi_channels`]). Agent 1, on the
//! first channel, is the privileged one: a set-up with one agent uses
//! only that channel. The hypervisor passes its client (domain) id in w7
//! bits `[15:0]`.

/// Where the firmware enters the normal world (Xen's image, at EL2).
pub const NS_ENTRY: u64 = qemu_platform::NS_ENTRY;
/// The device tree the harness loads, passed in x0.
pub const NS_DTB: u64 = qemu_platform::NS_DTB;
/// Start of the privileged agent's SCMI channel, the first of
/// [`SCMI_CHANNELS`] back to back (normal RAM the DT withholds).
pub const SCMI_SHMEM_BASE: usize = qemu_platform::SCMI_SHMEM_BASE as usize;
/// Size of each SCMI channel in bytes, and the distance between them.
pub const SCMI_SHMEM_SIZE: usize = qemu_platform::SCMI_SHMEM_SIZE as usize;
/// The privileged agent's SCMI SiP fast call (SMC32), the DT's
/// "arm,smc-id"; the other agents' follow it.
pub const SCMI_SMC_ID: u32 = qemu_platform::SCMI_SMC_ID;
/// SCMI channels, one per agent of the multi-agent platform.
pub const SCMI_CHANNELS: usize = qemu_platform::SCMI_AGENTS as usize;

/// Secure RAM: the firmware's data, .bss and stacks.
pub const SECURE_RAM_BASE: usize = 0x0e00_0000;
/// Size of the secure RAM.
pub const SECURE_RAM_SIZE: usize = 0x0100_0000;

/// The console: QEMU virt's non-secure PL011 (serial0, `-nographic`).
pub const UART_BASE: usize = 0x0900_0000;
/// GICv3 distributor.
pub const GICD_BASE: usize = 0x0800_0000;
/// First GICv3 redistributor (one 128 KiB pair of frames per CPU).
pub const GICR_BASE: usize = 0x080A_0000;

/// The counter frequency QEMU's cortex-a57 runs at; EL3 writes CNTFRQ_EL0.
pub const CNTFRQ_HZ: u64 = 62_500_000;

/// CPUs the firmware can hold (MPIDR Aff0 below this, Aff1..Aff3 zero).
pub const MAX_CPUS: usize = 8;
