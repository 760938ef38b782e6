//! The callbacks with one SCMI agent, which one domain owns: the hardware
//! domain, or with `scmi-smc-passthrough` the driver domain that asks.

use crate::ops::{handle_call_with, info};
use crate::printk;
use crate::state::{OWNER, PASSTHROUGH, SMC_ID};
use crate::xen::Domain;
use core::ffi::c_int;
use core::sync::atomic::Ordering;
use scmi_smc::call;
use scmi_smc::errno::Errno;
use scmi_smc::lifecycle::{self as policy, InitOutcome};
use scmi_smc::log as lines;
use scmi_smc::smccc::FunctionId;
use xen_bindings::{cpu_user_regs, domain, sci_mediator_ops, xen_domctl_createdomain};

/// The callbacks with one SCMI agent, which one domain owns. Xen keeps a
/// pointer to the table after boot: it lives in a section the build never
/// moves to `.init` (`kconfig/init-sections.py`).
#[link_section = ".rodata"]
pub static OPS: sci_mediator_ops = sci_mediator_ops {
    domain_init: Some(domain_init),
    domain_sanitise_config: Some(crate::ops::domain_sanitise_config),
    domain_destroy: Some(domain_destroy),
    relinquish_resources: None,
    handle_call: Some(handle_call),
    dom0_dt_handle_node: Some(crate::dom0_tree::dom0_dt_handle_node),
    dom0_dt_finalize: None,
    assign_dt_device: None,
};

/// Decides whether the new domain owns SCMI (see the table in
/// `scmi_smc::lifecycle`).
unsafe extern "C" fn domain_init(d: *mut domain, config: *mut xen_domctl_createdomain) -> c_int {
    // SAFETY: Xen passes the domain being created and its configuration,
    // both alive for the call.
    let (Some(d), Some(config)) = (unsafe { Domain::from_raw(d) }, unsafe { config.as_ref() })
    else {
        return Errno::EINVAL.to_errno();
    };
    let passthrough = PASSTHROUGH.load(Ordering::Relaxed);
    match policy::domain_init(&OWNER, passthrough, &info(d), config.arch.arm_sci_type) {
        Ok(InitOutcome::Owner) => {
            d.set_sci_enabled(true);
            printk::domain(&lines::INIT_OWNER, d.id(), 0);
            0
        }
        Ok(InitOutcome::NoScmi) => 0,
        Err(refusal) => printk::domain_refused(refusal, d.id()),
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
        printk::domain(&lines::DESTROY_RELEASED, d.id(), 0);
    }
}

/// A SiP SMC from a guest: forward it if it is the SCMI call of the owner.
unsafe extern "C" fn handle_call(regs: *mut cpu_user_regs) -> bool {
    let smc_id = FunctionId(SMC_ID.load(Ordering::Relaxed));
    // SAFETY: Xen passes the trapping vCPU's saved frame, as
    // `handle_call_with` requires.
    unsafe {
        handle_call_with(regs, |caller, x0| {
            call::classify(smc_id, &OWNER, caller.token(), x0)
        })
    }
}
