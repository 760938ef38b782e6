//! The generic timer's virtual counter, for timing round trips. Under
//! QEMU `-icount shift=0` it advances one tick per nanosecond of virtual
//! time, i.e. per guest instruction, so differences are deterministic.

use core::arch::asm;

/// CNTVCT_EL0 after an ISB, so earlier instructions are done before it
/// is read.
#[cfg(target_arch = "aarch64")]
pub fn now() -> u64 {
    let ticks: u64;
    // SAFETY: reads a system register the architecture gives EL1.
    unsafe { asm!("isb", "mrs {}, cntvct_el0", out(reg) ticks, options(nostack)) };
    ticks
}

/// CNTFRQ_EL0: ticks per second, as the firmware programmed it.
#[cfg(target_arch = "aarch64")]
pub fn frequency() -> u64 {
    let hz: u64;
    // SAFETY: reads a system register the architecture gives EL1.
    unsafe { asm!("mrs {}, cntfrq_el0", out(reg) hz, options(nomem, nostack)) };
    hz
}

/// CNTVCT (64 bits through MRRC) after an ISB.
#[cfg(target_arch = "arm")]
pub fn now() -> u64 {
    let (low, high): (u32, u32);
    // SAFETY: reads a system register the architecture gives PL1.
    unsafe {
        asm!(
            "isb",
            "mrrc p15, 1, {}, {}, c14",
            out(reg) low,
            out(reg) high,
            options(nostack),
        )
    };
    (u64::from(high) << 32) | u64::from(low)
}

/// CNTFRQ: ticks per second.
#[cfg(target_arch = "arm")]
pub fn frequency() -> u64 {
    let hz: u32;
    // SAFETY: reads a system register the architecture gives PL1.
    unsafe { asm!("mrc p15, 0, {}, c14, c0, 0", out(reg) hz, options(nomem, nostack)) };
    u64::from(hz)
}

/// Waits (spinning on the counter) until `seconds` have passed.
pub fn wait_seconds(seconds: u64) {
    let start = now();
    let ticks = frequency().saturating_mul(seconds);
    while now().wrapping_sub(start) < ticks {
        core::hint::spin_loop();
    }
}
