//! PSCI 1.1 (DEN0022): version and features, CPU_ON/CPU_OFF/AFFINITY_INFO
//! for the CPUs QEMU was given, a standby-only CPU_SUSPEND, and
//! SYSTEM_OFF/SYSTEM_RESET that end the QEMU run.

use super::{cpus, regs, scmi, sysreg};
use scmi_el3_firmware::function_ids::*;
use scmi_el3_firmware::semihosting;

/// QEMU's exit status for SYSTEM_OFF.
pub const EXIT_SYSTEM_OFF: u32 = 0;
/// QEMU's exit status for SYSTEM_RESET (QEMU cannot reboot through this
/// firmware; the harness reads 1 as "the guest asked for a reset").
pub const EXIT_SYSTEM_RESET: u32 = 1;

/// CPU_SUSPEND power_state bit 16 (original format): power-down state.
const POWER_STATE_POWERDOWN: u64 = 1 << 16;

/// PSCI_FEATURES: 0 for every implemented function (for CPU_SUSPEND that
/// also says: original power_state format, platform-coordinated), and
/// for SMCCC_VERSION, which is how callers learn SMCCC 1.1 is there.
pub fn features(function: u32) -> i64 {
    match function {
        PSCI_VERSION
        | PSCI_CPU_SUSPEND_32
        | PSCI_CPU_SUSPEND_64
        | PSCI_CPU_OFF
        | PSCI_CPU_ON_32
        | PSCI_CPU_ON_64
        | PSCI_AFFINITY_INFO_32
        | PSCI_AFFINITY_INFO_64
        | PSCI_MIGRATE_INFO_TYPE
        | PSCI_SYSTEM_OFF
        | PSCI_SYSTEM_RESET
        | PSCI_FEATURES
        | SMCCC_VERSION => PSCI_SUCCESS,
        _ => PSCI_NOT_SUPPORTED,
    }
}

/// CPU_ON: start CPU `target` at `entry` in the caller's EL with x0 =
/// `context`.
pub fn cpu_on(target: u64, entry: u64, context: u64) -> i64 {
    let Some(cpu) = cpus::index_of(target) else {
        return PSCI_INVALID_PARAMETERS;
    };
    if entry & 3 != 0 {
        return PSCI_INVALID_ADDRESS;
    }
    // The new CPU starts in the EL the caller runs in (SPSR_EL3.M[3:2]).
    let caller_el = (sysreg::read!("spsr_el3") >> 2) & 0b11;
    let el = if caller_el == 1 { 1 } else { 2 };
    match cpus::request_on(cpu, entry, context, regs::spsr_for_el(el)) {
        Ok(()) => PSCI_SUCCESS,
        Err(code) => code,
    }
}

/// CPU_OFF: never returns; the CPU parks until the next CPU_ON.
pub fn cpu_off() -> ! {
    cpus::turn_off(cpus::current())
}

/// AFFINITY_INFO for one CPU (lowest affinity level 0 only).
pub fn affinity_info(target: u64, lowest_level: u64) -> i64 {
    if lowest_level != 0 {
        return PSCI_INVALID_PARAMETERS;
    }
    match cpus::index_of(target) {
        Some(cpu) => cpus::affinity_info(cpu),
        None => PSCI_INVALID_PARAMETERS,
    }
}

/// CPU_SUSPEND: standby states wait for an interrupt and return; there is
/// no power-down state on this platform.
pub fn cpu_suspend(power_state: u64) -> i64 {
    if power_state & POWER_STATE_POWERDOWN != 0 {
        return PSCI_INVALID_PARAMETERS;
    }
    // SAFETY: WFI only waits for an interrupt to become pending; with the
    // interrupt routed to the normal world it wakes without being taken.
    unsafe { core::arch::asm!("dsb sy", "wfi", options(nostack, preserves_flags)) };
    PSCI_SUCCESS
}

/// SYSTEM_OFF and SYSTEM_RESET: print the counters and end QEMU.
pub fn system_stop(exit_status: u32) -> ! {
    scmi::print_counters();
    semihosting::exit(exit_status)
}
