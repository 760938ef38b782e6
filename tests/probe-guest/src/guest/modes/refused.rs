//! `probe=refused`: a guest rings an SCMI doorbell that is not its own
//! (SCMI without owning it, or another agent's); the mediator must not
//! forward the call, so Xen answers NOT_SUPPORTED. x0 is shown a
//! register's width: 16 hex digits, 8 on AArch32.

use crate::guest::{console, smc};
use probe_guest::line::Line;
use probe_guest::smccc::{NOT_SUPPORTED, REGISTER_HEX_DIGITS};

pub fn run(smc_id: u32) {
    let [x0, ..] = smc::call(smc_id, [0; 7]);
    console::print(
        Line::new()
            .text("PROBE: scmi-smc x0=0x")
            .hex_padded(x0 as u64, REGISTER_HEX_DIGITS),
    );
    console::say(if x0 == NOT_SUPPORTED {
        "PROBE: refused ok"
    } else {
        "PROBE: refused FAILED"
    });
}
