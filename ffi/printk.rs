//! Printing the policy crate's log lines with Xen's printk. Each family of
//! formats has a fixed argument list (see `scmi_smc::log`), passed in full,
//! and each function here takes only its own family's formats: a line
//! cannot be printed with another family's arguments.

use core::ffi::c_int;
use core::ffi::{c_char, c_uint, CStr};
use scmi_smc::log::{
    DomainLine, DtLine, DtReasonLine, DtTextLine, GrantLine, LogFormat, ProbeLine,
};
use scmi_smc::refusal::Refusal;
use xen_bindings::printk;

/// Probe family: one 64-bit value.
pub fn probe(f: &LogFormat<ProbeLine>, value: u64) {
    // SAFETY: the format comes from scmi_smc::log, where the compiler
    // checked it consumes a prefix of this family's arguments (u64).
    unsafe { printk(f.as_ptr(), value) }
}

/// Domain family: domain id, 64-bit value.
pub fn domain(f: &LogFormat<DomainLine>, domid: u16, value: u64) {
    // SAFETY: as for `probe`, family (unsigned int, u64).
    unsafe { printk(f.as_ptr(), c_uint::from(domid), value) }
}

/// Device-tree family: node path, two 64-bit values.
pub fn dt(f: &LogFormat<DtLine>, node: &CStr, a: u64, b: u64) {
    // SAFETY: as for `probe`, family (char *, u64, u64); `node` is a
    // NUL-terminated string alive for the call.
    unsafe { printk(f.as_ptr(), node.as_ptr() as *const c_char, a, b) }
}

/// Device-tree family with a reason: node path, 64-bit value, reason.
pub fn dt_reason(f: &LogFormat<DtReasonLine>, node: &CStr, value: u64, reason: &CStr) {
    // SAFETY: as for `probe`, family (char *, u64, char *); both strings
    // are NUL-terminated and alive for the call.
    unsafe {
        printk(
            f.as_ptr(),
            node.as_ptr() as *const c_char,
            value,
            reason.as_ptr() as *const c_char,
        )
    }
}

/// Device-tree family with a text: node path, text.
pub fn dt_text(f: &LogFormat<DtTextLine>, node: &CStr, text: &CStr) {
    // SAFETY: as for `probe`, family (char *, char *); both strings are
    // NUL-terminated and alive for the call.
    unsafe {
        printk(
            f.as_ptr(),
            node.as_ptr() as *const c_char,
            text.as_ptr() as *const c_char,
        )
    }
}

/// Domain family with a reason: domain id, 64-bit value, reason. Only
/// the multi-agent mediator has such lines (its agent resets).
#[cfg(feature = "multi-agent")]
pub fn domain_reason(
    f: &LogFormat<scmi_smc::log::DomainReasonLine>,
    domid: u16,
    value: u64,
    reason: &CStr,
) {
    // SAFETY: as for `probe`, family (unsigned int, u64, char *); the
    // reason is NUL-terminated and alive for the call.
    unsafe {
        printk(
            f.as_ptr(),
            c_uint::from(domid),
            value,
            reason.as_ptr() as *const c_char,
        )
    }
}

/// Grant family: first and last frame, error.
pub fn grant(f: &LogFormat<GrantLine>, first: u64, last: u64, err: i64) {
    // SAFETY: as for `probe`, family (u64, u64, i64).
    unsafe { printk(f.as_ptr(), first, last, err) }
}

/// Prints why domain `domid` was refused and returns what the callback
/// returns to Xen.
pub fn domain_refused(refusal: Refusal<DomainLine>, domid: u16) -> c_int {
    domain(refusal.line(), domid, refusal.arg());
    refusal.errno().to_errno()
}

/// Prints why something was refused before a domain exists (the probe,
/// sanitising) and returns what the callback returns to Xen.
pub fn refused(refusal: Refusal<ProbeLine>) -> c_int {
    probe(refusal.line(), refusal.arg());
    refusal.errno().to_errno()
}
