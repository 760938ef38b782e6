//! The Xen tools for an arm64 dom0: xenstored, xenconsoled, xl and the
//! libraries they load, cross-built from the patched tree (so xl knows
//! `arm_sci`) against Debian bookworm's arm64 libraries.
//!
//! - `sysroot`: bookworm's arm64 -dev packages, unpacked through the
//!   project's private apt state
//! - `build`: configure, make and install into a staging directory, cached
//!   on the series
//! - `payload`: the files of the staging directory that dom0 needs, with
//!   the shared libraries they load

mod build;
mod payload;
mod sysroot;

pub use build::build;
pub use payload::{payload, File};
