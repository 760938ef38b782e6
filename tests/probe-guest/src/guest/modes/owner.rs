//! `probe=owner`: the guest owns SCMI and talks to the platform's Base
//! protocol through the channel its DT describes.

use super::channel_or_say;
use crate::guest::channel::Reply;
use crate::guest::console;
use crate::guest::dtb::GuestDt;
use probe_guest::bootargs::MAX_WRITES;
use probe_guest::line::Line;
use probe_guest::scmi::{
    self, Vendor, BASE_PROTOCOL, CLOCK_PROTOCOL, CLOCK_RATE_GET, CLOCK_RATE_SET, DISCOVER_VENDOR,
    PROTOCOL_VERSION, RATE_SET_ROUND_AUTO,
};
use probe_guest::smccc::REGISTER_HEX_DIGITS;

/// x1..x3 of the version call: the firmware leaves them as they arrive,
/// so they come back in x1..x3 (r1..r3) through the mediator. The top
/// bit is set to show that nothing sign-extends them on the way.
const MARKERS: [usize; 7] = [0x8000_0001, 0x8000_0002, 0x8000_0003, 0, 0, 0, 0];

/// Tokens of the two messages: distinct, so a stale reply shows.
const VERSION_TOKEN: u16 = 0x11;
const VENDOR_TOKEN: u16 = 0x12;
const RATE_TOKEN: u16 = 0x13;
const SET_TOKEN: u16 = 0x14;

pub fn run(dt: &GuestDt, clock: Option<u32>, writes: [Option<(u32, u32)>; MAX_WRITES]) {
    let ok = channel_or_say(dt, "owner").is_some_and(|channel| {
        let header = scmi::command_header(BASE_PROTOCOL, PROTOCOL_VERSION, VERSION_TOKEN);
        let version = channel.call_with(header, None, MARKERS);
        report_smc(&version);
        report_results(&version);
        console::print(
            Line::new()
                .text("PROBE: scmi base version=0x")
                .hex(u64::from(version.words[0]))
                .text(" status=")
                .signed(i64::from(version.status)),
        );
        let version_ok = version.succeeded(header) && version.words[0] != 0;

        let header = scmi::command_header(BASE_PROTOCOL, DISCOVER_VENDOR, VENDOR_TOKEN);
        let vendor = channel.call(header);
        let name = Vendor::from_words(vendor.words);
        console::print(
            Line::new()
                .text("PROBE: scmi vendor=")
                .untrusted(name.name()),
        );
        let vendor_ok = vendor.succeeded(header) && !name.name().is_empty();
        if !vendor_ok {
            report_smc(&vendor);
        }
        if let Some(id) = clock {
            // Whatever the answer (DENIED is what a test may want), say it.
            let header = scmi::command_header(CLOCK_PROTOCOL, CLOCK_RATE_GET, RATE_TOKEN);
            let rate = channel.call_with(header, Some(id), [0; 7]);
            console::print(
                Line::new()
                    .text("PROBE: clock ")
                    .hex(u64::from(id))
                    .text(" rate status=")
                    .signed(i64::from(rate.status))
                    .text(" rate=0x")
                    .hex(u64::from(rate.words[0]) | (u64::from(rate.words[1]) << 32)),
            );
        }
        for (id, hz) in writes.into_iter().flatten() {
            // Whatever the answer (DENIED for another domain's clock is
            // what a test wants), say it.
            let header = scmi::command_header(CLOCK_PROTOCOL, CLOCK_RATE_SET, SET_TOKEN);
            let params = [RATE_SET_ROUND_AUTO, id, hz, 0];
            let set = channel.call_params(header, &params, [0; 7]);
            console::print(
                Line::new()
                    .text("PROBE: clock ")
                    .hex(u64::from(id))
                    .text(" set status=")
                    .signed(i64::from(set.status)),
            );
        }
        version_ok && vendor_ok
    });
    console::say(if ok {
        "PROBE: owner ok"
    } else {
        "PROBE: owner FAILED"
    });
}

/// The transport view of a reply, to tell a refused SMC from a broken
/// platform when something fails.
fn report_smc(reply: &Reply) {
    console::print(
        Line::new()
            .text("PROBE: scmi-smc x0=0x")
            .hex_padded(reply.smc_regs[0] as u64, 16)
            .text(" channel=0x")
            .hex(u64::from(reply.channel_status))
            .text(" header=0x")
            .hex(u64::from(reply.header)),
    );
}

/// The four result registers of the version call, a register's width each
/// (8 hex digits on AArch32): 0, then the markers.
fn report_results(reply: &Reply) {
    let mut line = Line::new();
    line.text("PROBE: smc results");
    for value in reply.smc_regs {
        line.text(" 0x")
            .hex_padded(value as u64, REGISTER_HEX_DIGITS);
    }
    console::print(&mut line);
}
