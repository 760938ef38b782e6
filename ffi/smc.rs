//! The SMC to EL3 firmware.

/// Issues an SMCCC 1.1 SMC with `args` in x0-x7 and returns x0-x3.
///
/// SMCCC 1.1 guarantees the callee preserves x4-x17 (and the probe refused
/// firmware older than 1.1), so only x0-x3 are outputs; x4-x7 are plain
/// inputs.
pub fn smc(args: &[u64; 8]) -> [u64; 4] {
    let (mut x0, mut x1, mut x2, mut x3) = (args[0], args[1], args[2], args[3]);
    // SAFETY: `smc #0` enters EL3 firmware, which by SMCCC 1.1 returns
    // results in x0-x3 and preserves every other general-purpose register,
    // the stack and Xen's memory; it touches no Rust-visible memory.
    unsafe {
        core::arch::asm!(
            "smc #0",
            inout("x0") x0,
            inout("x1") x1,
            inout("x2") x2,
            inout("x3") x3,
            in("x4") args[4],
            in("x5") args[5],
            in("x6") args[6],
            in("x7") args[7],
            options(nostack),
        );
    }
    [x0, x1, x2, x3]
}

/// Completes every earlier memory access before the next SMC: what Xen
/// wrote into a channel must be in memory when the firmware reads it.
#[cfg(feature = "multi-agent")]
pub fn barrier() {
    // SAFETY: a barrier instruction; it reads and writes nothing.
    unsafe { core::arch::asm!("dsb sy", options(nostack, preserves_flags)) }
}
