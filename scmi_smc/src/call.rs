//! The SMC path: which trapped calls are forwarded, and the registers that
//! go to firmware and come back.

use crate::owner::OwnerSlot;
use crate::smccc::FunctionId;

/// What to do with a SiP SMC that Xen handed to the mediator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallDecision {
    /// Not the SCMI function id: not handled (the caller gets
    /// [`crate::smccc::NOT_SUPPORTED`] from Xen).
    NotOurs,
    /// The SCMI id, from a domain that does not own SCMI: not handled, and
    /// worth a rate-limited [`crate::log::CALL_REFUSED`] line.
    Refused,
    /// The SCMI id from the owner: forward it to firmware.
    Forward,
}

/// Classifies a trapped SMC.
///
/// Takes the caller's whole x0 (an improvement over passing w0): only its
/// low 32 bits name the function, whatever an AArch64 caller left above, and
/// doing the truncation here keeps that rule in tested code.
pub fn classify(
    smc_id: FunctionId,
    slot: &OwnerSlot,
    caller_token: usize,
    x0: u64,
) -> CallDecision {
    if FunctionId::from_x0(x0) != smc_id {
        CallDecision::NotOurs
    } else if slot.is_owner(caller_token) {
        CallDecision::Forward
    } else {
        CallDecision::Refused
    }
}

/// The low 32 bits, which is all an AArch32 caller's register holds.
const fn low32(value: u64) -> u64 {
    value & 0xffff_ffff
}

/// The x0..x7 to issue the firmware SMC with.
///
/// x0 is the function id, zero-extended from w0: SMCCC defines the id as
/// 32 bits, and what an AArch64 caller left above them is not the
/// firmware's business. x1..x6 are the guest's (32-bit values for AArch32
/// callers, whose upper halves Xen must not leak or trust). x7 is replaced
/// by the SMCCC client id: the hypervisor names the calling VM in
/// `W7[15:0]` so firmware can tell callers apart and count per caller, and
/// the guest must not be able to pretend to be another VM or the
/// hypervisor (client id 0, which SMCCC reserves for it). Compute
/// `client_id` with [`crate::smccc::client_id_for_domain`]; `W7[31:16]` (the
/// Secure OS session id) and the upper half are zero.
pub fn forward_args(regs: &[u64; 8], aarch32: bool, client_id: u16) -> [u64; 8] {
    let mut out = *regs;
    out[0] = low32(out[0]);
    if aarch32 {
        for reg in out.iter_mut() {
            *reg = low32(*reg);
        }
    }
    if let Some(x7) = out.last_mut() {
        *x7 = u64::from(client_id);
    }
    out
}

/// The x0..x3 to write back to the caller from the firmware's results:
/// 32-bit values for AArch32 callers.
pub fn result_regs(res: &[u64; 4], aarch32: bool) -> [u64; 4] {
    if aarch32 {
        res.map(low32)
    } else {
        *res
    }
}
