//! Compile-time checks of the layouts the mediator depends on. A Xen tree
//! whose structures moved fails to build here, not at run time.

use crate::*;
use core::mem::{offset_of, size_of};
use static_assertions::const_assert_eq;

// The public domain configuration: `arm_sci_type` is appended after
// `clock_frequency`, which grows the structure and moves the domctl
// interface version.
const_assert_eq!(offset_of!(xen_arch_domainconfig, clock_frequency), 8);
const_assert_eq!(offset_of!(xen_arch_domainconfig, arm_sci_type), 12);
const_assert_eq!(size_of::<xen_arch_domainconfig>(), 16);
const_assert_eq!(XEN_DOMCTL_CONFIG_ARM_SCI_NONE, 0);
const_assert_eq!(XEN_DOMCTL_CONFIG_ARM_SCI_SCMI_SMC, 1);

// The mediator table: eight pointers in the order of upstream Xen 4.21.
const_assert_eq!(size_of::<sci_mediator_ops>(), 8 * 8);
const_assert_eq!(offset_of!(sci_mediator_ops, domain_init), 0);
const_assert_eq!(offset_of!(sci_mediator_ops, domain_sanitise_config), 8);
const_assert_eq!(offset_of!(sci_mediator_ops, domain_destroy), 16);
const_assert_eq!(offset_of!(sci_mediator_ops, relinquish_resources), 24);
const_assert_eq!(offset_of!(sci_mediator_ops, handle_call), 32);
const_assert_eq!(offset_of!(sci_mediator_ops, dom0_dt_handle_node), 40);
const_assert_eq!(offset_of!(sci_mediator_ops, dom0_dt_finalize), 48);
const_assert_eq!(offset_of!(sci_mediator_ops, assign_dt_device), 56);

// What Rust places in Xen's .dev.info and .init.setup sections must have
// the exact size the C arrays are walked with.
const_assert_eq!(size_of::<device_desc>(), 32);
const_assert_eq!(offset_of!(device_desc, class), 8);
const_assert_eq!(offset_of!(device_desc, dt_match), 16);
const_assert_eq!(offset_of!(device_desc, init), 24);
const_assert_eq!(size_of::<dt_device_match>(), 48);
const_assert_eq!(size_of::<kernel_param>(), 24);
const_assert_eq!(offset_of!(kernel_param, type_), 8);
const_assert_eq!(offset_of!(kernel_param, len), 12);
const_assert_eq!(offset_of!(kernel_param, par), 16);
const_assert_eq!(kernel_param_OPT_BOOL, 2);
// A boolean parameter is written as a C bool: one byte.
const_assert_eq!(size_of::<bool>(), 1);

// The mediator reads and writes x0-x7 of the saved frame directly (r0-r7
// of an AArch32 guest are never banked): eight 64-bit slots at its start.
const_assert_eq!(offset_of!(cpu_user_regs, __bindgen_anon_1), 0);
const_assert_eq!(offset_of!(cpu_user_regs, __bindgen_anon_4), 24);
const_assert_eq!(offset_of!(cpu_user_regs, __bindgen_anon_8), 56);
const_assert_eq!(size_of::<cpu_user_regs__bindgen_ty_8>(), 8);
