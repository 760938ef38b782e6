//! Xen 4.22's xl `arm_sci` parser as patches/xen-4.22 leaves it: the
//! strict parser of the 4.17 work plus the multi-agent type and its
//! `agent_id` key, compiled for the host from the patches.
//!
//! The model is written from xl.cfg(5) as the series has it: `type` is
//! `none`, `scmi_smc` or `scmi_smc_multiagent` (ignoring case);
//! `agent_id` is decimal digits with a value from 0 to 254; each key at
//! most once; `scmi_smc_multiagent` needs `agent_id`, and `agent_id` is
//! refused with any other type (an absent type is `none`).

use std::ffi::{c_char, c_int};

/// What the parser must leave in `type` on error (no type has it).
pub const UNTOUCHED: i32 = crate::UNTOUCHED;

/// What the parser must leave in `agent_id` on error: 255, which fits
/// the field but which xl never writes (it accepts 0 to 254).
pub const UNTOUCHED_AGENT: i32 = 255;

/// The types' values in `libxl_arm_sci_type`.
pub const NONE: i32 = 0;
pub const SCMI_SMC: i32 = 1;
pub const SCMI_SMC_MULTIAGENT: i32 = 2;

extern "C" {
    fn harness422_parse(
        s: *const c_char,
        preset_type: c_int,
        preset_agent: c_int,
        type_out: *mut c_int,
        agent_out: *mut c_int,
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
    /// `arm_sci->agent_id` afterwards ([`UNTOUCHED_AGENT`] if not written).
    pub agent_id: i32,
    /// What it printed to stderr.
    pub stderr: String,
}

/// Runs the C parser on `value` (which must not contain NUL).
pub fn parse(value: &[u8]) -> Outcome {
    let (mut sci_type, mut agent_id): (c_int, c_int) = (0, 0);
    let (rc, stderr) = crate::with_messages(value, |value, out, out_len| {
        // SAFETY: `value` is NUL-terminated and outlives the call; the
        // two integers and `out` are writable for the sizes given. The C
        // side keeps no pointer after returning, and its message buffer
        // is per thread.
        unsafe {
            harness422_parse(
                value,
                UNTOUCHED,
                UNTOUCHED_AGENT,
                &mut sci_type,
                &mut agent_id,
                out,
                out_len,
            )
        }
    });
    Outcome {
        rc,
        sci_type,
        agent_id,
        stderr,
    }
}

/// The (type, agent id) a valid value asks for, or `None` if xl must
/// refuse it.
pub fn model(value: &[u8]) -> Option<(i32, i32)> {
    let (mut sci_type, mut agent_id) = (None, None);
    for setting in value.split(|b| *b == b',') {
        let eq = setting.iter().position(|b| *b == b'=')?;
        let (key, val) = (&setting[..eq], &setting[eq + 1..]);
        match key {
            b"type" if sci_type.is_none() => {
                sci_type = Some(match val.to_ascii_lowercase().as_slice() {
                    b"none" => NONE,
                    b"scmi_smc" => SCMI_SMC,
                    b"scmi_smc_multiagent" => SCMI_SMC_MULTIAGENT,
                    _ => return None,
                });
            }
            b"agent_id" if agent_id.is_none() => {
                if val.is_empty() || !val.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                // Leading zeros do not change the value; more than three
                // significant digits are out of range anyway.
                let digits = val.iter().skip_while(|b| **b == b'0').count();
                if digits > 3 {
                    return None;
                }
                let n: i32 = std::str::from_utf8(val).ok()?.parse().ok()?;
                if n > 254 {
                    return None;
                }
                agent_id = Some(n);
            }
            _ => return None,
        }
    }
    match (sci_type.unwrap_or(NONE), agent_id) {
        (SCMI_SMC_MULTIAGENT, Some(id)) => Some((SCMI_SMC_MULTIAGENT, id)),
        (SCMI_SMC_MULTIAGENT, None) | (_, Some(_)) => None,
        (t, None) => Some((t, 0)),
    }
}
