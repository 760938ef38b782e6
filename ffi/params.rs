//! The boolean command-line options, registered the way Xen's
//! `boolean_param()` does: an entry in the `.init.setup` table, which Xen's
//! command-line parser walks before any initcall.

use crate::shared::Shared;
use crate::state::PASSTHROUGH;
use core::ffi::c_void;
use xen_bindings::{kernel_param, kernel_param_OPT_BOOL, kernel_param__bindgen_ty_2};

/// A parameter table entry: its name (NUL-terminated) and the flag it sets
/// are statics.
type Param = Shared<kernel_param>;

const fn boolean_param(name: &'static [u8]) -> Param {
    Shared(kernel_param {
        name: name.as_ptr().cast(),
        type_: kernel_param_OPT_BOOL,
        len: core::mem::size_of::<bool>() as u32,
        par: kernel_param__bindgen_ty_2 {
            var: PASSTHROUGH.as_ptr() as *mut c_void,
        },
    })
}

/// The option's name, as upstream Xen's C mediator spells it.
#[used]
#[link_section = ".init.setup"]
static PARAM_SCMI_SMC_PASSTHROUGH: Param = boolean_param(&NAME_SCMI_SMC_PASSTHROUGH);

/// The documented alias, the name of the original RFC; both set the same
/// flag.
#[used]
#[link_section = ".init.setup"]
static PARAM_DOM0_SCMI_SMC_PASSTHROUGH: Param = boolean_param(&NAME_DOM0_SCMI_SMC_PASSTHROUGH);

// The names, NUL-terminated, as statics of this module: Xen parses the
// command line only at boot, and the kbuild rule places them in
// `.init.rodata` with the table (a literal would be pooled with resident
// strings).
static NAME_SCMI_SMC_PASSTHROUGH: [u8; 21] = *b"scmi-smc-passthrough\0";
static NAME_DOM0_SCMI_SMC_PASSTHROUGH: [u8; 26] = *b"dom0_scmi_smc_passthrough\0";
