//! `probe=refused`: a guest that does not own SCMI calls it anyway; the
//! mediator must not forward the call, so Xen answers NOT_SUPPORTED.

use crate::guest::{console, smc};
use probe_guest::line::Line;
use probe_guest::smccc::{NOT_SUPPORTED, SCMI_SMC_ID};

pub fn run() {
    let [x0, ..] = smc::call(SCMI_SMC_ID, [0; 7]);
    console::print(Line::new().text("PROBE: scmi-smc x0=0x").hex_padded(x0, 16));
    console::say(if x0 == NOT_SUPPORTED {
        "PROBE: refused ok"
    } else {
        "PROBE: refused FAILED"
    });
}
