//! `probe=flood n=N`: a guest without SCMI rings the SCMI doorbell N times
//! in a tight loop. Every call must come back NOT_SUPPORTED, and Xen's
//! console must not grow with N: the refusal line is rate-limited.
//!
//! The result is one line, printed after a pause: a domU's console lines
//! share Xen's guest rate limit with the refusal lines (and Xen's
//! "Unhandled SMC/HVC" ones) when guest messages are rate-limited, as in
//! the `flood` scenario. Xen's limit lets one message through every 5 s
//! once its burst is spent, so after 6 quiet seconds the line gets out.

use crate::guest::{console, counter, smc};
use probe_guest::line::Line;
use probe_guest::smccc::NOT_SUPPORTED;

/// Quiet time before the result line, in seconds (Xen's limit: one
/// message per 5 s).
const QUIET_SECONDS: u64 = 6;

pub fn run(smc_id: u32, rounds: u32) {
    let mut refused = 0u64;
    let start = counter::now();
    for _ in 0..rounds {
        let [x0, ..] = smc::call(smc_id, [0; 7]);
        refused += u64::from(x0 == NOT_SUPPORTED);
    }
    let ticks = counter::now().wrapping_sub(start);
    let ms = ticks.saturating_mul(1000) / counter::frequency().max(1);
    counter::wait_seconds(QUIET_SECONDS);
    let ok = refused == u64::from(rounds);
    console::print(
        Line::new()
            .text(if ok {
                "PROBE: flood ok n="
            } else {
                "PROBE: flood FAILED n="
            })
            .dec(u64::from(rounds))
            .text(" refused=")
            .dec(refused)
            .text(" smc=0x")
            .hex(u64::from(smc_id))
            .text(" ms=")
            .dec(ms),
    );
}
