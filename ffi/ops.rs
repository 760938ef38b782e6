//! The `sci_mediator_ops` callbacks: Xen's raw arguments in, the policy's
//! decisions out.

#[cfg(feature = "multi-agent")]
use crate::agents;
use crate::regs::TrapFrame;
use crate::state::{OWNER, PASSTHROUGH, SMC_ID};
use crate::xen::{self, Domain};
use crate::{log, smc};
use core::ffi::c_int;
use core::sync::atomic::Ordering;
use scmi_smc::call::{self, CallDecision};
use scmi_smc::domain::{self as policy, DomainInfo, InitOutcome};
use scmi_smc::log as lines;
use scmi_smc::smccc::{client_id_for_domain, FunctionId};
use xen_bindings::{cpu_user_regs, domain, sci_mediator_ops, xen_domctl_createdomain};

/// Xen's EINVAL, as the callbacks return it.
const EINVAL: c_int = xen_bindings::EINVAL as c_int;

// The policy crate knows no bindings and numbers its errors itself; they
// must be Xen's, which the compiler checks here.
const _: () = assert!(
    policy::EINVAL == xen_bindings::EINVAL as i32
        && policy::EEXIST == xen_bindings::EEXIST as i32
        && policy::EPERM == xen_bindings::EPERM as i32
        && policy::ENOENT == xen_bindings::ENOENT as i32
        && policy::EOPNOTSUPP == xen_bindings::EOPNOTSUPP as i32
);

/// The table handed to `sci_register()`.
pub static OPS: sci_mediator_ops = sci_mediator_ops {
    domain_init: Some(domain_init),
    domain_sanitise_config: Some(domain_sanitise_config),
    domain_destroy: Some(domain_destroy),
    relinquish_resources: None,
    handle_call: Some(handle_call),
    dom0_dt_handle_node: Some(crate::dt::dom0_dt_handle_node),
    dom0_dt_finalize: None,
    #[cfg(feature = "multi-agent")]
    assign_dt_device: Some(agents::assign_dt_device),
    #[cfg(not(feature = "multi-agent"))]
    assign_dt_device: None,
};

pub(crate) fn info(d: Domain<'_>) -> DomainInfo {
    DomainInfo {
        token: d.token(),
        id: d.id(),
        is_hardware: d.is_hardware(),
    }
}

/// Decides whether the new domain owns SCMI (see the table in
/// `scmi_smc::domain`).
unsafe extern "C" fn domain_init(d: *mut domain, config: *mut xen_domctl_createdomain) -> c_int {
    // SAFETY: Xen passes the domain being created and its configuration,
    // both alive for the call.
    let (Some(d), Some(config)) = (unsafe { Domain::from_raw(d) }, unsafe { config.as_ref() })
    else {
        return -EINVAL;
    };
    #[cfg(feature = "multi-agent")]
    if agents::is_on() {
        return agents::domain_init(d, config);
    }
    let passthrough = PASSTHROUGH.load(Ordering::Relaxed);
    match policy::domain_init(&OWNER, passthrough, &info(d), config.arch.arm_sci_type) {
        Ok(InitOutcome::Owner) => {
            d.set_sci_enabled(true);
            log::domain(&lines::INIT_OWNER, d.id(), 0);
            0
        }
        Ok(InitOutcome::NoScmi) => 0,
        Err(err) => {
            log::domain(err.log_line(), d.id(), err.log_arg());
            err.errno()
        }
    }
}

/// Refuses SCI types Xen does not know before the domain exists.
unsafe extern "C" fn domain_sanitise_config(config: *mut xen_domctl_createdomain) -> c_int {
    // SAFETY: Xen passes the configuration being checked, alive for the call.
    let Some(config) = (unsafe { config.as_ref() }) else {
        return -EINVAL;
    };
    match policy::sanitise(config.arch.arm_sci_type) {
        Ok(_) => 0,
        Err(err) => {
            log::probe(err.log_line(), err.log_arg());
            err.errno()
        }
    }
}

/// Gives ownership back when the owner goes away.
unsafe extern "C" fn domain_destroy(d: *mut domain) {
    // SAFETY: Xen passes the dying domain, alive for the call.
    let Some(d) = (unsafe { Domain::from_raw(d) }) else {
        return;
    };
    if policy::domain_destroy(&OWNER, d.token()) {
        d.set_sci_enabled(false);
        log::domain(&lines::DESTROY_RELEASED, d.id(), 0);
    }
    #[cfg(feature = "multi-agent")]
    agents::domain_destroy(d);
}

/// A SiP SMC from a guest: forward it if it is the SCMI call of the owner.
unsafe extern "C" fn handle_call(regs: *mut cpu_user_regs) -> bool {
    // SAFETY: Xen passes the trapping vCPU's saved register frame, valid and
    // exclusively ours for the duration of the trap.
    let Some(mut frame) = (unsafe { TrapFrame::from_raw(regs) }) else {
        return false;
    };
    let Some(caller) = frame.caller() else {
        return false;
    };
    let x0 = frame.x0();
    match classify(caller.token(), x0) {
        CallDecision::NotOurs => false,
        CallDecision::Refused => {
            if xen::printk_ratelimit() {
                log::domain(&lines::CALL_REFUSED, caller.id(), x0 & 0xffff_ffff);
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

/// Whether a trapped SMC is forwarded: in multi-agent mode only the
/// holder of an agent may ring its doorbell (and nobody Xen's); otherwise
/// only the owner may issue the one SCMI id.
fn classify(caller_token: usize, x0: u64) -> CallDecision {
    #[cfg(feature = "multi-agent")]
    if agents::is_on() {
        return agents::AGENTS.classify(caller_token, x0);
    }
    let smc_id = FunctionId(SMC_ID.load(Ordering::Relaxed));
    call::classify(smc_id, &OWNER, caller_token, x0)
}
