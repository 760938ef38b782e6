//! The generic timer's virtual counter, for timing round trips. Under
//! QEMU `-icount shift=0` it advances one tick per nanosecond of virtual
//! time, i.e. per guest instruction, so differences are deterministic.

use core::arch::asm;

/// CNTVCT_EL0 after an ISB, so earlier instructions are done before it
/// is read.
pub fn now() -> u64 {
    let ticks: u64;
    // SAFETY: reads a system register the architecture gives EL1.
    unsafe { asm!("isb", "mrs {}, cntvct_el0", out(reg) ticks, options(nostack)) };
    ticks
}

/// CNTFRQ_EL0: ticks per second, as the firmware programmed it.
pub fn frequency() -> u64 {
    let hz: u64;
    // SAFETY: reads a system register the architecture gives EL1.
    unsafe { asm!("mrs {}, cntfrq_el0", out(reg) hz, options(nomem, nostack)) };
    hz
}
