//! xl's `arm_sci` parser (tools/xl/xl_parse.c as patched by this project's
//! series), compiled for the host from the patch itself, with a safe
//! wrapper and a model of what it must accept.
//!
//! The wrapper is what the tests and the fuzz target call; the model is
//! the specification they compare it with, written independently from
//! the C: xl.cfg(5) says a comma separated list of KEY=VALUE settings,
//! `type` the only key, given at most once, with the value `none` or
//! `scmi_smc` (compared ignoring case, as libxl's generated
//! `libxl_arm_sci_type_from_string()` does).

use std::ffi::{c_char, c_int, CStr, CString};

/// libxl's ERROR_INVAL.
pub const ERROR_INVAL: i32 = -6;

/// A value no `libxl_arm_sci_type` has: what the parser must leave alone
/// on error.
pub const UNTOUCHED: i32 = 0x5a5a;

extern "C" {
    fn harness_parse(
        s: *const c_char,
        preset: c_int,
        type_out: *mut c_int,
        out: *mut c_char,
        out_len: usize,
    ) -> c_int;
}

/// What one call of the parser did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Its return value: 0 or a libxl error.
    pub rc: i32,
    /// `arm_sci->type` afterwards ([`UNTOUCHED`] if it was not written).
    pub sci_type: i32,
    /// What it printed to stderr.
    pub stderr: String,
}

/// Calls a harness with `value` as a C string and a buffer for what the
/// parser printed; returns the harness's result and that text.
///
/// `harness` gets the value (NUL-terminated, alive for the call) and the
/// buffer with its length; it must leave the buffer NUL-terminated (the
/// harnesses copy the messages with snprintf) and keep no pointer.
fn with_messages(
    value: &[u8],
    harness: impl FnOnce(*const c_char, *mut c_char, usize) -> c_int,
) -> (i32, String) {
    let value = CString::new(value).expect("the config value holds no NUL byte");
    let mut out = vec![0 as c_char; 4096];
    let rc = harness(value.as_ptr(), out.as_mut_ptr(), out.len());
    // SAFETY: the harness NUL-terminated `out` (see above).
    let stderr = unsafe { CStr::from_ptr(out.as_ptr()) }
        .to_string_lossy()
        .into_owned();
    (rc, stderr)
}

/// Runs the C parser on `value` (which must not contain NUL).
pub fn parse(value: &[u8]) -> Outcome {
    let mut sci_type: c_int = 0;
    let (rc, stderr) = with_messages(value, |value, out, out_len| {
        // SAFETY: `value` is NUL-terminated and outlives the call;
        // `sci_type` and `out` are writable for the sizes given. The C
        // side keeps no pointer after returning, and its message buffer
        // is per thread.
        unsafe { harness_parse(value, UNTOUCHED, &mut sci_type, out, out_len) }
    });
    Outcome {
        rc,
        sci_type,
        stderr,
    }
}

/// The type a valid value asks for (0 none, 1 scmi_smc), or `None` if xl
/// must refuse it.
pub fn model(value: &[u8]) -> Option<i32> {
    let mut sci_type = None;
    for setting in value.split(|b| *b == b',') {
        let eq = setting.iter().position(|b| *b == b'=')?;
        let (key, val) = (&setting[..eq], &setting[eq + 1..]);
        if key != b"type" || sci_type.is_some() {
            return None;
        }
        sci_type = Some(if val.eq_ignore_ascii_case(b"none") {
            0
        } else if val.eq_ignore_ascii_case(b"scmi_smc") {
            1
        } else {
            return None;
        });
    }
    sci_type
}

pub mod xen422;
