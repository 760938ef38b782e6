//! Printing the policy crate's log lines with Xen's printk. Each family of
//! formats has a fixed argument list (see `scmi_smc::log`), passed in full,
//! and each function here takes only its own family's formats: a line
//! cannot be printed with another family's arguments.

use core::ffi::{c_char, c_uint, CStr};
use scmi_smc::log::{Domain, Dt, Grant, LogFormat, Probe};
use xen_bindings::printk;

/// Probe family: one 64-bit value.
pub fn probe(f: &LogFormat<Probe>, value: u64) {
    // SAFETY: the format comes from scmi_smc::log, where the compiler
    // checked it consumes a prefix of this family's arguments (u64).
    unsafe { printk(f.as_ptr(), value) }
}

/// Domain family: domain id, 64-bit value.
pub fn domain(f: &LogFormat<Domain>, domid: u16, value: u64) {
    // SAFETY: as for `probe`, family (unsigned int, u64).
    unsafe { printk(f.as_ptr(), c_uint::from(domid), value) }
}

/// Device-tree family: node path, two 64-bit values.
pub fn dt(f: &LogFormat<Dt>, node: &CStr, a: u64, b: u64) {
    // SAFETY: as for `probe`, family (char *, u64, u64); `node` is a
    // NUL-terminated string alive for the call.
    unsafe { printk(f.as_ptr(), node.as_ptr() as *const c_char, a, b) }
}

/// Grant family: first and last frame, error.
pub fn grant(f: &LogFormat<Grant>, first: u64, last: u64, err: i64) {
    // SAFETY: as for `probe`, family (u64, u64, i64).
    unsafe { printk(f.as_ptr(), first, last, err) }
}
