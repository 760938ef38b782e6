//! SMC calls as the SMCCC defines them: function id in w0, arguments in
//! x1..x7 (r1..r7 on AArch32), results in x0..x3 (r0..r3). Under Xen the
//! SMC traps to the hypervisor, which answers or forwards it.

use core::arch::asm;

/// Issues `smc #0` with `function` and `args` (x1..x7); returns x0..x3.
#[cfg(target_arch = "aarch64")]
pub fn call(function: u32, args: [usize; 7]) -> [usize; 4] {
    let [a1, a2, a3, a4, a5, a6, a7] = args;
    let (r0, r1, r2, r3): (usize, usize, usize, usize);
    // SAFETY: an SMC changes no memory the compiler knows of other than
    // through the SCMI channel, which is only accessed volatilely; SMCCC
    // lets the callee change x0..x17, all declared clobbered here.
    unsafe {
        asm!(
            "smc #0",
            inout("x0") function as usize => r0,
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

/// Issues `smc #0` with `function` in r0 and `args` in r1..r7 (SMC32:
/// every register is 32 bits); returns r0..r3.
#[cfg(target_arch = "arm")]
pub fn call(function: u32, args: [usize; 7]) -> [usize; 4] {
    let [a1, a2, a3, a4, a5, a6, a7] = args;
    let (r0, r1, r2, r3): (usize, usize, usize, usize);
    // SAFETY: as on AArch64; SMCCC's AArch32 convention lets the callee
    // change r0..r3 and preserves r4..r14, but the arguments are declared
    // clobbered all the same. LLVM keeps r6 for itself: the asm saves it
    // on the stack around the call and loads the argument itself.
    unsafe {
        asm!(
            "push {{r6}}",
            "mov r6, {a6}",
            ".arch_extension sec",
            "smc #0",
            "pop {{r6}}",
            a6 = in(reg) a6,
            inout("r0") function as usize => r0,
            inout("r1") a1 => r1,
            inout("r2") a2 => r2,
            inout("r3") a3 => r3,
            inout("r4") a4 => _,
            inout("r5") a5 => _,
            inout("r7") a7 => _,
            lateout("r12") _,
        );
    }
    [r0, r1, r2, r3]
}
