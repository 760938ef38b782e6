//! SMC calls as the SMCCC defines them: function id in w0, arguments in
//! x1..x7, results in x0..x3. Under Xen the SMC traps to the hypervisor,
//! which answers or forwards it.

use core::arch::asm;

/// Issues `smc #0` with `function` and `args` (x1..x7); returns x0..x3.
pub fn call(function: u32, args: [u64; 7]) -> [u64; 4] {
    let [a1, a2, a3, a4, a5, a6, a7] = args;
    let (r0, r1, r2, r3): (u64, u64, u64, u64);
    // SAFETY: an SMC changes no memory the compiler knows of other than
    // through the SCMI channel, which is only accessed volatilely; SMCCC
    // lets the callee change x0..x17, all declared clobbered here.
    unsafe {
        asm!(
            "smc #0",
            inout("x0") u64::from(function) => r0,
            inout("x1") a1 => r1,
            inout("x2") a2 => r2,
            inout("x3") a3 => r3,
            inout("x4") a4 => _,
            inout("x5") a5 => _,
            inout("x6") a6 => _,
            inout("x7") a7 => _,
            lateout("x8") _,
            lateout("x9") _,
            lateout("x10") _,
            lateout("x11") _,
            lateout("x12") _,
            lateout("x13") _,
            lateout("x14") _,
            lateout("x15") _,
            lateout("x16") _,
            lateout("x17") _,
            options(nostack),
        );
    }
    [r0, r1, r2, r3]
}
