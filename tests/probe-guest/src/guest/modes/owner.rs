//! `probe=owner`: the guest owns SCMI and talks to the platform's Base
//! protocol through the channel its DT describes.

use super::channel_or_say;
use crate::guest::channel::Reply;
use crate::guest::console;
use crate::guest::dtb::GuestDt;
use probe_guest::line::Line;
use probe_guest::scmi::{
    self, Vendor, BASE_PROTOCOL, CLOCK_PROTOCOL, CLOCK_RATE_GET, DISCOVER_VENDOR, PROTOCOL_VERSION,
};

/// Tokens of the two messages: distinct, so a stale reply shows.
const VERSION_TOKEN: u16 = 0x11;
const VENDOR_TOKEN: u16 = 0x12;
const RATE_TOKEN: u16 = 0x13;

pub fn run(dt: &GuestDt, clock: Option<u32>) {
    let ok = channel_or_say(dt, "owner").is_some_and(|channel| {
        let header = scmi::command_header(BASE_PROTOCOL, PROTOCOL_VERSION, VERSION_TOKEN);
        let version = channel.call(header);
        report_smc(&version);
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
            let rate = channel.call_with(header, Some(id));
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
            .hex_padded(reply.smc_x0, 16)
            .text(" channel=0x")
            .hex(u64::from(reply.channel_status))
            .text(" header=0x")
            .hex(u64::from(reply.header)),
    );
}
