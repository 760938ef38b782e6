//! GICv3 set-up so the normal world owns every interrupt: affinity
//! routing on, every SPI, SGI and PPI in Group 1 Non-secure, each CPU's
//! redistributor awake. The secure side keeps no interrupt for itself.

use super::fatal;
use scmi_el3_firmware::contract::{GICD_BASE, GICR_BASE};

const GICD_CTLR: usize = 0x0000;
const GICD_TYPER: usize = 0x0004;
const GICD_IGROUPR: usize = 0x0080;
const GICD_IGRPMODR: usize = 0x0d00;
/// Secure view of GICD_CTLR: affinity routing for both security states.
const CTLR_ARE_S: u32 = 1 << 4;
const CTLR_ARE_NS: u32 = 1 << 5;
/// Register write pending.
const CTLR_RWP: u32 = 1 << 31;

/// Each redistributor is an RD_base frame and an SGI_base frame, 64 KiB
/// each.
const GICR_STRIDE: usize = 0x2_0000;
const GICR_TYPER_LOW: usize = 0x0008;
const GICR_TYPER_HIGH: usize = 0x000c;
const GICR_WAKER: usize = 0x0014;
const GICR_SGI_BASE: usize = 0x1_0000;
const GICR_IGROUPR0: usize = GICR_SGI_BASE + 0x0080;
const GICR_IGRPMODR0: usize = GICR_SGI_BASE + 0x0d00;
/// GICR_TYPER: this is the last redistributor of the region.
const TYPER_LAST: u32 = 1 << 4;
const WAKER_PROCESSOR_SLEEP: u32 = 1 << 1;
const WAKER_CHILDREN_ASLEEP: u32 = 1 << 2;

/// QEMU virt has room for 123 redistributors; the scan stops long before.
const MAX_REDISTRIBUTORS: usize = 128;
/// Polls of a "busy" bit before the firmware gives up (never a hang).
const POLL_LIMIT: u32 = 1_000_000;

fn read(addr: usize) -> u32 {
    // SAFETY: callers pass addresses inside the GIC distributor or
    // redistributor frames of QEMU virt, which are aligned 32-bit MMIO
    // registers.
    unsafe { (addr as *const u32).read_volatile() }
}

fn write(addr: usize, value: u32) {
    // SAFETY: as for `read`: aligned GIC MMIO registers only.
    unsafe { (addr as *mut u32).write_volatile(value) }
}

fn wait_while(addr: usize, busy: u32, what: &str) {
    for _ in 0..POLL_LIMIT {
        if read(addr) & busy == 0 {
            return;
        }
    }
    fatal(what, addr as u64)
}

/// Distributor: affinity routing, and every SPI in Group 1 Non-secure
/// (IGROUPR = 1, IGRPMODR = 0). Done once, by the boot CPU.
pub fn init_distributor() {
    write(GICD_BASE + GICD_CTLR, CTLR_ARE_S | CTLR_ARE_NS);
    wait_while(GICD_BASE + GICD_CTLR, CTLR_RWP, "GICD_CTLR write pending");
    let lines = (read(GICD_BASE + GICD_TYPER) & 0x1f) as usize + 1;
    // Word 0 covers SGIs and PPIs, which live in the redistributors once
    // affinity routing is on.
    for n in 1..lines {
        write(GICD_BASE + GICD_IGROUPR + 4 * n, u32::MAX);
        write(GICD_BASE + GICD_IGRPMODR + 4 * n, 0);
    }
}

/// MPIDR affinity in the layout of GICR_TYPER[63:32]: Aff3.Aff2.Aff1.Aff0.
fn packed_affinity(mpidr: u64) -> u32 {
    ((mpidr & 0xff_ffff) | (((mpidr >> 32) & 0xff) << 24)) as u32
}

/// The redistributor of the CPU with affinity `mpidr`, if there is one:
/// this is also how the firmware knows which CPUs exist.
pub fn redistributor_of(mpidr: u64) -> Option<usize> {
    let wanted = packed_affinity(mpidr);
    for i in 0..MAX_REDISTRIBUTORS {
        let base = GICR_BASE + i * GICR_STRIDE;
        if read(base + GICR_TYPER_HIGH) == wanted {
            return Some(base);
        }
        if read(base + GICR_TYPER_LOW) & TYPER_LAST != 0 {
            break;
        }
    }
    None
}

/// This CPU's redistributor: awake, SGIs and PPIs in Group 1 Non-secure.
pub fn init_redistributor(mpidr: u64) {
    let Some(base) = redistributor_of(mpidr) else {
        fatal("no GIC redistributor for MPIDR", mpidr)
    };
    let waker = read(base + GICR_WAKER);
    write(base + GICR_WAKER, waker & !WAKER_PROCESSOR_SLEEP);
    wait_while(
        base + GICR_WAKER,
        WAKER_CHILDREN_ASLEEP,
        "GICR_WAKER children asleep",
    );
    write(base + GICR_IGROUPR0, u32::MAX);
    write(base + GICR_IGRPMODR0, 0);
}
