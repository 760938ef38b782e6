//! SCMI-over-SMC mediation policy for Xen on Arm.
//!
//! Everything here is pure decision making: which domain owns the single
//! SCMI agent, which SMCs are forwarded to EL3 firmware and with which
//! registers, what the hardware domain's device tree keeps and which shared
//! memory it may map. The `ffi` crate wires these decisions into Xen.
//!
//! The crate is linked into the hypervisor, so it must never reach a panic
//! (that would drag `core::fmt` into Xen): it indexes with `get`, does
//! checked or explicitly wrapping arithmetic, and reports problems as typed
//! values whose log lines are C `printk` formats (see [`log`]).
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod call;
pub mod domain;
pub mod dt;
pub mod fdt;
pub mod log;
pub mod owner;
pub mod probe;
pub mod smccc;

pub use owner::OwnerSlot;
pub use smccc::FunctionId;
