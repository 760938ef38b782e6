//! What both modes' `sci_mediator_ops` callbacks share, and the choice
//! of the table to register.

use crate::host_tree::DtNode;
use crate::regs::TrapFrame;
use crate::xen::{self, Domain};
use crate::{printk, smc};
use core::ffi::c_int;
use scmi_smc::call::{self, CallDecision};
use scmi_smc::errno::Errno;
use scmi_smc::lifecycle::{self as policy, DomainInfo, SciType};
use scmi_smc::log as lines;
use scmi_smc::smccc::{client_id_for_domain, FunctionId};
use xen_bindings::{cpu_user_regs, sci_mediator_ops, xen_domctl_createdomain};

// The policy crate knows no bindings and numbers errors and SCI types
// itself; they must be Xen's, which the compiler checks here.
const _: () = assert!(
    Errno::EINVAL.get() == xen_bindings::EINVAL as i32
        && Errno::EEXIST.get() == xen_bindings::EEXIST as i32
        && Errno::EPERM.get() == xen_bindings::EPERM as i32
        && Errno::ENOENT.get() == xen_bindings::ENOENT as i32
        && Errno::EIO.get() == xen_bindings::EIO as i32
        && Errno::ENODEV.get() == xen_bindings::ENODEV as i32
        && Errno::EOPNOTSUPP.get() == xen_bindings::EOPNOTSUPP as i32
        && SciType::None as u32 == xen_bindings::XEN_DOMCTL_CONFIG_ARM_SCI_NONE
        && SciType::ScmiSmc as u32 == xen_bindings::XEN_DOMCTL_CONFIG_ARM_SCI_SCMI_SMC
);

/// Whether the mediator takes `node`: in multi-agent mode only Xen's own
/// node, in a "xen,sci" container; otherwise the first enabled
/// "arm,scmi-smc" node (`scmi_smc::dt::check_mediated`).
pub fn takes(node: &'static DtNode) -> bool {
    #[cfg(feature = "multi-agent")]
    return crate::agents::is_xens_node(node);
    // One doorbell is forwarded: a later node is said, not lost silently.
    #[cfg(not(feature = "multi-agent"))]
    match scmi_smc::dt::check_mediated(&crate::host_tree::HostTree, node) {
        Ok(()) => true,
        Err(problem) => {
            let (line, [a, b]) = problem.report();
            printk::dt(line, node.full_name(), a, b);
            false
        }
    }
}

/// The table to register once `node` passed the probe with doorbell `id`:
/// the build's mode decides which. `Err` when multi-agent mode cannot be
/// set up (the reason was printed).
pub fn table_for(
    node: &'static DtNode,
    id: FunctionId,
) -> Result<&'static sci_mediator_ops, Errno> {
    #[cfg(feature = "multi-agent")]
    {
        crate::agents::probe(node, id)?;
        Ok(&crate::agents::OPS)
    }
    #[cfg(not(feature = "multi-agent"))]
    {
        let _ = node;
        // The one id the single-agent mode forwards; multi-agent mode keeps
        // Xen's doorbell in its agent table instead.
        crate::state::SMC_ID.store(id.0, core::sync::atomic::Ordering::Relaxed);
        Ok(&crate::single::OPS)
    }
}

pub(crate) fn info(d: Domain<'_>) -> DomainInfo {
    DomainInfo {
        token: d.token(),
        id: d.id(),
        is_hardware: d.is_hardware(),
    }
}

/// Refuses SCI types Xen does not know before the domain exists.
pub unsafe extern "C" fn domain_sanitise_config(config: *mut xen_domctl_createdomain) -> c_int {
    // SAFETY: Xen passes the configuration being checked, alive for the call.
    let Some(config) = (unsafe { config.as_ref() }) else {
        return Errno::EINVAL.to_errno();
    };
    match policy::sanitise(config.arch.arm_sci_type) {
        Ok(_) => 0,
        Err(refusal) => printk::refused(refusal),
    }
}

/// `handle_call` once `classify` has said whether the caller (its token)
/// may issue the SMC in x0: forwards it, refuses it with a rate-limited
/// line, or leaves it to Xen.
///
/// # Safety
/// `regs` must be null or the trapping vCPU's saved register frame, valid
/// and used by nothing else for the call (what Xen passes `handle_call`).
#[inline(always)]
pub unsafe fn handle_call_with(
    regs: *mut cpu_user_regs,
    classify: impl FnOnce(Domain<'_>, u64) -> CallDecision,
) -> bool {
    // SAFETY: the caller's guarantee.
    let Some(mut frame) = (unsafe { TrapFrame::from_raw(regs) }) else {
        return false;
    };
    let Some(caller) = frame.caller() else {
        return false;
    };
    let x0 = frame.x0();
    match classify(caller, x0) {
        CallDecision::NotOurs => false,
        CallDecision::Refused => {
            if xen::printk_ratelimit() {
                printk::domain(&lines::CALL_REFUSED, caller.id(), x0 & 0xffff_ffff);
            }
            false
        }
        CallDecision::Forward => {
            let aarch32 = caller.is_32bit();
            let args =
                call::forward_args(&frame.args(), aarch32, client_id_for_domain(caller.id()));
            frame.set_results(&call::result_regs(&smc::smc(&args), aarch32));
            true
        }
    }
}
