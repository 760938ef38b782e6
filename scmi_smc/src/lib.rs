//! SCMI-over-SMC mediation policy for Xen on Arm.
//!
//! Everything here is pure decision making: which domain owns the single
//! SCMI agent, which SMCs are forwarded to EL3 firmware and with which
//! registers, what the hardware domain's device tree keeps and which shared
//! memory it may map. The root package (`ffi/`) wires these decisions into Xen.
//!
//! The crate is linked into the hypervisor, so it must never reach a panic
//! (that would drag `core::fmt` into Xen): it indexes with `get`, does
//! checked or explicitly wrapping arithmetic, and reports problems as typed
//! values whose log lines are C `printk` formats (see [`log`]).
//!
//! # How the FFI drives it
//!
//! | Xen hook | call here | then the FFI |
//! |---|---|---|
//! | boot, "arm,scmi-smc" node found | [`probe::probe`] | stores the id, or prints the refusal and registers nothing |
//! | `domain_sanitise_config` | [`lifecycle::sanitise`] | returns its errno |
//! | `domain_init` | [`lifecycle::domain_init`] | sets `sci_enabled` for `Owner`, or prints and returns the errno |
//! | `domain_destroy` | [`lifecycle::domain_destroy`] | clears `sci_enabled` when it returns true |
//! | `handle_call` | [`call::classify`], then [`call::forward_args`] and [`call::result_regs`] | issues the SMC for `Forward`; prints rate-limited for `Refused` |
//! | `dom0_dt_handle_node` | [`dt::dom0_node_action`] | permits iomem per grant, prints problems, returns `is_skip()` |
//!
//! The single [`OwnerSlot`] is a `static` owned by the FFI; the x7 client id
//! is [`smccc::client_id_for_domain`] of the caller (domain id + 1, since
//! SMCCC reserves 0 for the hypervisor).
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod agents;
pub mod call;
pub mod dt;
pub mod errno;
pub mod lifecycle;
pub mod log;
pub mod owner;
pub mod probe;
pub mod refusal;
pub mod smccc;

pub use owner::OwnerSlot;
pub use smccc::FunctionId;
