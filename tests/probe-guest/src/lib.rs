//! The pure parts of the probe guest: what the boot arguments ask for, the
//! words of SCMI messages, and console lines built without `core::fmt`.
//!
//! The image itself (`main.rs`) adds the hypercalls, SMCs and memory
//! accesses. Keeping this part free of them lets the host test it, and
//! keeps it panic-free the same way as the mediator: no indexing that can
//! fail, no formatting machinery.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::indexing_slicing)]
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod bootargs;
pub mod line;
pub mod scmi;
pub mod smccc;
