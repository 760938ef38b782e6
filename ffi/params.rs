//! The boolean command-line options, registered the way Xen's
//! `boolean_param()` does: an entry in the `.init.setup` table, which Xen's
//! command-line parser walks before any initcall.

use crate::boot_str::boot_cstr;
use crate::state::PASSTHROUGH;
use core::ffi::CStr;
use core::sync::atomic::AtomicBool;
use xen_bindings::{kernel_param, kernel_param_OPT_BOOL, kernel_param__bindgen_ty_2};

/// An entry of Xen's parameter table.
///
/// # Invariants
/// Built by [`BoolParam::new`] alone: its name is a `'static` string and
/// the flag it sets a `'static` `AtomicBool`, which Xen's parser writes as
/// a C `bool` (the same size and representation). Nothing else writes the
/// entry.
#[repr(transparent)]
struct BoolParam(kernel_param);

// SAFETY: by the invariants the entry is read-only data naming `'static`
// data; the flag it points to is atomic.
unsafe impl Sync for BoolParam {}

impl BoolParam {
    /// `boolean_param(name, flag)`.
    const fn new(name: &'static CStr, flag: &'static AtomicBool) -> Self {
        BoolParam(kernel_param {
            name: name.as_ptr(),
            type_: kernel_param_OPT_BOOL,
            len: core::mem::size_of::<bool>() as u32,
            par: kernel_param__bindgen_ty_2 {
                var: flag.as_ptr().cast(),
            },
        })
    }
}

/// The option's name, as upstream Xen's C mediator spells it.
#[used]
#[link_section = ".init.setup"]
static PARAM_SCMI_SMC_PASSTHROUGH: BoolParam =
    BoolParam::new(boot_cstr!("scmi-smc-passthrough"), &PASSTHROUGH);

/// The documented alias, the name the option first had; both set the same
/// flag.
#[used]
#[link_section = ".init.setup"]
static PARAM_DOM0_SCMI_SMC_PASSTHROUGH: BoolParam =
    BoolParam::new(boot_cstr!("dom0_scmi_smc_passthrough"), &PASSTHROUGH);

/// Whether a passthrough channel whose page holds something else is
/// granted to the hardware domain anyway (`docs/architecture.md`).
#[cfg(not(feature = "multi-agent"))]
#[used]
#[link_section = ".init.setup"]
static PARAM_SCMI_SMC_SHARED_PAGE: BoolParam = BoolParam::new(
    boot_cstr!("scmi-smc-shared-page"),
    &crate::state::SHARED_PAGE,
);

/// Whether an agent whose reset failed may be given to a later domain
/// (`docs/multi-agent.md`).
#[cfg(feature = "multi-agent")]
#[used]
#[link_section = ".init.setup"]
static PARAM_SCMI_SMC_REUSE_UNRESET: BoolParam = BoolParam::new(
    boot_cstr!("scmi-smc-reuse-unreset-agents"),
    &crate::state::REUSE_UNRESET,
);
