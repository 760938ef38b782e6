//! The trapping vCPU's x0-x7, straight from the register frame Xen saved.
//!
//! Xen's get_user_reg()/set_user_reg() exist for registers an AArch32
//! guest banks per mode (r8-r14); r0-r7 are never banked, so x0-x7 (r0-r7
//! in their low halves for an AArch32 guest) sit at the start of
//! `struct cpu_user_regs` for every guest. Reading them there saves a call
//! and a mode lookup per register on the forwarding path; xen-bindings
//! checks the layout at compile time.

use xen_bindings::cpu_user_regs;

/// x0-x7 of the saved frame.
///
/// # Safety
/// `regs` must be the trapping vCPU's saved frame, valid for the trap.
pub unsafe fn args(regs: *const cpu_user_regs) -> [u64; 8] {
    // SAFETY: the caller guarantees `regs` is valid; the unions' 64-bit
    // view is what the trap entry stored for every guest.
    unsafe {
        let r = &*regs;
        [
            r.__bindgen_anon_1.x0,
            r.__bindgen_anon_2.x1,
            r.__bindgen_anon_3.x2,
            r.__bindgen_anon_4.x3,
            r.__bindgen_anon_5.x4,
            r.__bindgen_anon_6.x5,
            r.__bindgen_anon_7.x6,
            r.__bindgen_anon_8.x7,
        ]
    }
}

/// x0 alone: all that deciding about a call needs.
///
/// # Safety
/// As for [`args`].
pub unsafe fn x0(regs: *const cpu_user_regs) -> u64 {
    // SAFETY: as for `args`.
    unsafe { (*regs).__bindgen_anon_1.x0 }
}

/// Writes the results to x0-x3, which the vCPU sees when it resumes.
///
/// # Safety
/// As for [`args`]; the frame is the trapping vCPU's own, which nothing
/// else writes during the trap.
pub unsafe fn set_results(regs: *mut cpu_user_regs, res: &[u64; 4]) {
    // SAFETY: as above.
    unsafe {
        let r = &mut *regs;
        r.__bindgen_anon_1.x0 = res[0];
        r.__bindgen_anon_2.x1 = res[1];
        r.__bindgen_anon_3.x2 = res[2];
        r.__bindgen_anon_4.x3 = res[3];
    }
}
