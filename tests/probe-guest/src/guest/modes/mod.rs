//! The probe's modes; each prints its result lines and returns.

mod bench;
mod calls;
mod flood;
mod owner;
mod refused;
mod smp;

use super::channel::Channel;
use super::console;
use super::dtb::GuestDt;
use probe_guest::bootargs::Mode;
use probe_guest::line::Line;

/// Runs `mode` against the guest's device tree.
pub fn run(mode: Mode, dt: &GuestDt) {
    match mode {
        Mode::Refused { smc_id } => refused::run(smc_id),
        Mode::Owner { clock, writes } => owner::run(dt, clock, writes),
        Mode::Bench { rounds } => bench::run(dt, rounds),
        Mode::Flood { rounds, smc_id } => flood::run(smc_id, rounds),
        Mode::Calls { rounds } => calls::run(dt, rounds),
        Mode::SmpCalls { rounds, clock } => smp::run(dt, rounds, clock),
    }
}

/// The SCMI channel the DT gives this guest, or `None` after saying why
/// (prefixed by `what`, e.g. "owner").
fn channel_or_say(dt: &GuestDt, what: &str) -> Option<Channel> {
    let Some((address, size)) = dt.scmi_shmem() else {
        console::print(
            Line::new()
                .text("PROBE: ")
                .text(what)
                .text(" FAILED: no arm,scmi-shmem node with a reg"),
        );
        return None;
    };
    let channel = Channel::new(address, size, dt.scmi_smc_id());
    if channel.is_none() {
        console::print(
            Line::new()
                .text("PROBE: ")
                .text(what)
                .text(" FAILED: unusable shmem at 0x")
                .hex(address)
                .text(" size 0x")
                .hex(size),
        );
    }
    channel
}
