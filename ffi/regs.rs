//! The trapping vCPU's x0-x7, straight from the register frame Xen saved.
//!
//! Xen's get_user_reg()/set_user_reg() exist for registers an AArch32
//! guest banks per mode (r8-r14); r0-r7 are never banked, so x0-x7 (r0-r7
//! in their low halves for an AArch32 guest) sit at the start of
//! `struct cpu_user_regs` for every guest. Reading them there saves a call
//! and a mode lookup per register on the forwarding path; xen-bindings
//! checks the layout at compile time.

use crate::xen::Domain;
use xen_bindings::cpu_user_regs;

/// The saved registers of the vCPU whose SMC trapped, for one trap.
///
/// # Invariants
/// `regs` is that vCPU's saved frame. Nothing else reads or writes it while
/// the trap is handled, which is the lifetime `'a`, and the vCPU (with its
/// domain) outlives the trap.
pub struct TrapFrame<'a> {
    regs: &'a mut cpu_user_regs,
}

impl<'a> TrapFrame<'a> {
    /// Wraps the frame `handle_call` was given.
    ///
    /// # Safety
    /// `regs` must be null or the trapping vCPU's saved frame, valid and
    /// used by nothing else for `'a`.
    pub unsafe fn from_raw(regs: *mut cpu_user_regs) -> Option<Self> {
        // SAFETY: the caller's guarantee is the type's invariant.
        unsafe { regs.as_mut() }.map(|regs| TrapFrame { regs })
    }

    /// The domain that issued the SMC: the current vCPU's.
    pub fn caller(&self) -> Option<Domain<'a>> {
        // SAFETY: the frame exists only while its vCPU's trap is handled on
        // this CPU (the type's invariants), which is what `'a` spans.
        unsafe { Domain::current() }
    }

    /// x0 alone: all that deciding about a call needs.
    pub fn x0(&self) -> u64 {
        // SAFETY: the trap entry stored all 64 bits of x0, and every view
        // of the union is a plain integer.
        unsafe { self.regs.__bindgen_anon_1.x0 }
    }

    /// x0-x7.
    pub fn args(&self) -> [u64; 8] {
        let r = &*self.regs;
        // SAFETY: as for `x0`, for each of x0-x7.
        unsafe {
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

    /// Writes the results to x0-x3, which the vCPU sees when it resumes.
    pub fn set_results(&mut self, res: &[u64; 4]) {
        let [x0, x1, x2, x3] = *res;
        let r = &mut *self.regs;
        r.__bindgen_anon_1.x0 = x0;
        r.__bindgen_anon_2.x1 = x1;
        r.__bindgen_anon_3.x2 = x2;
        r.__bindgen_anon_4.x3 = x3;
    }
}
