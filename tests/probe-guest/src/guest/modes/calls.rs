//! `probe=calls n=N`: the hardware domain owns SCMI and keeps calling it
//! while another domain runs (the `flood` scenario's flooder): N Base
//! PROTOCOL_VERSION calls, each checked, then it waits until a domain
//! shuts down before it reports, so that its own shutdown (which ends the
//! machine) does not cut the other domain short.
//!
//! It binds VIRQ_DOM_EXC first, before any call, so a shutdown during the
//! calls is not missed: SCHEDOP_poll returns at once when the port is
//! already pending.

use super::channel_or_say;
use crate::guest::dtb::GuestDt;
use crate::guest::{console, counter, hypercall};
use probe_guest::line::Line;
use probe_guest::scmi::{self, BASE_PROTOCOL, PROTOCOL_VERSION};

const TOKEN: u16 = 0x2b;

pub fn run(dt: &GuestDt, rounds: u32) {
    let port = match hypercall::bind_domain_exceptions() {
        Ok(port) => port,
        Err(rc) => {
            console::print(
                Line::new()
                    .text("PROBE: calls FAILED: cannot bind VIRQ_DOM_EXC, rc=")
                    .signed(rc as i64),
            );
            return;
        }
    };
    let Some(channel) = channel_or_say(dt, "calls") else {
        return;
    };
    let header = scmi::command_header(BASE_PROTOCOL, PROTOCOL_VERSION, TOKEN);
    let mut failed = 0u64;
    let start = counter::now();
    for _ in 0..rounds {
        if !channel.call(header).succeeded(header) {
            failed += 1;
        }
    }
    let ticks = counter::now().wrapping_sub(start);
    let ms = ticks.saturating_mul(1000) / counter::frequency().max(1);
    let per_call_ns = ticks.saturating_mul(1_000_000_000)
        / counter::frequency().max(1)
        / u64::from(rounds.max(1));
    console::print(
        Line::new()
            .text(if failed == 0 {
                "PROBE: calls ok n="
            } else {
                "PROBE: calls FAILED n="
            })
            .dec(u64::from(rounds))
            .text(" failed=")
            .dec(failed)
            .text(" ms=")
            .dec(ms)
            .text(" ns-per-call=")
            .dec(per_call_ns),
    );
    let rc = hypercall::poll(port);
    console::print(
        Line::new()
            .text("PROBE: calls: a domain shut down (poll rc=")
            .signed(rc as i64)
            .text(")"),
    );
}
