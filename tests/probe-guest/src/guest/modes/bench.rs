//! `probe=bench n=N`: N SCMI Base PROTOCOL_VERSION round trips, then N
//! SMCs nobody handles, then N SMCCC_VERSION calls, each loop timed with
//! the virtual counter.
//!
//! Xen answers both baselines itself. The unhandled one is what the
//! mediator's refusal path costs, but Xen 4.17 also formats an "Unhandled
//! SMC/HVC" line (G_INFO) for each, and prints it when guest_loglvl lets
//! it through, which a domU's console lines (G_DEBUG) need. SMCCC_VERSION
//! is the trap and return alone.

use super::channel_or_say;
use crate::guest::dtb::GuestDt;
use crate::guest::{console, counter, smc};
use probe_guest::line::Line;
use probe_guest::scmi::{self, BASE_PROTOCOL, PROTOCOL_VERSION};
use probe_guest::smccc::{NOT_SUPPORTED, NULL_SMC_ID, SMCCC_VERSION};

const TOKEN: u16 = 0x2a;

pub fn run(dt: &GuestDt, rounds: u32) {
    let Some(channel) = channel_or_say(dt, "bench") else {
        return;
    };
    let header = scmi::command_header(BASE_PROTOCOL, PROTOCOL_VERSION, TOKEN);

    let mut errors = 0u64;
    let start = counter::now();
    for _ in 0..rounds {
        if !channel.call(header).succeeded(header) {
            errors += 1;
        }
    }
    let scmi_ticks = counter::now().wrapping_sub(start);

    let start = counter::now();
    for _ in 0..rounds {
        let [x0, ..] = smc::call(NULL_SMC_ID, [0; 7]);
        if x0 != NOT_SUPPORTED {
            errors += 1;
        }
    }
    let null_ticks = counter::now().wrapping_sub(start);

    let start = counter::now();
    for _ in 0..rounds {
        let [x0, ..] = smc::call(SMCCC_VERSION, [0; 7]);
        // A version is positive; NOT_SUPPORTED would mean no SMCCC 1.1.
        if x0 >> 31 != 0 {
            errors += 1;
        }
    }
    let version_ticks = counter::now().wrapping_sub(start);

    report("scmi", rounds, scmi_ticks);
    report("null", rounds, null_ticks);
    report("smccc-version", rounds, version_ticks);
    console::print(
        Line::new()
            .text("PROBE: bench cntfrq=")
            .dec(counter::frequency()),
    );
    if errors == 0 {
        console::say("PROBE: bench ok");
    } else {
        console::print(Line::new().text("PROBE: bench FAILED errors=").dec(errors));
    }
}

fn report(what: &str, rounds: u32, ticks: u64) {
    console::print(
        Line::new()
            .text("PROBE: bench ")
            .text(what)
            .text(" n=")
            .dec(u64::from(rounds))
            .text(" ticks=")
            .dec(ticks),
    );
}
