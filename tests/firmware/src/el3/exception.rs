//! What the vectors call: the SMC path, and a report for anything else.

use super::{fatal, smc, sysreg};
use scmi_el3_firmware::console::Sink;
use scmi_el3_firmware::pl011::Pl011;

/// The caller's general registers as the vectors saved them: `x[n]` is xn.
/// Whatever the handler leaves here is what the caller gets back.
#[repr(C)]
pub struct Regs {
    /// x0..x30.
    pub x: [u64; 31],
    /// Keeps the frame a multiple of 16 bytes.
    _pad: u64,
}

/// ESR_EL3.EC for an SMC executed in AArch64 state.
const EC_SMC64: u64 = 0x17;

/// Synchronous exception from a lower EL in AArch64: SMCs are served,
/// anything else is a firmware configuration error.
#[no_mangle]
extern "C" fn el3_lower_sync(regs: &mut Regs) {
    let esr = sysreg::read!("esr_el3");
    if (esr >> 26) & 0x3f == EC_SMC64 {
        smc::handle(regs);
    } else {
        report("unexpected trap from a lower EL", 8);
        fatal("ESR_EL3", esr);
    }
}

/// Any other vector (`kind` is its index in the table): print where it
/// happened and stop QEMU, rather than hang silently.
#[no_mangle]
extern "C" fn el3_unexpected(_regs: &mut Regs, kind: u64) -> ! {
    report("unexpected exception", kind);
    fatal("ESR_EL3", sysreg::read!("esr_el3"))
}

fn report(what: &str, kind: u64) {
    let mut console = Pl011::console();
    console.str("EL3: ");
    console.str(what);
    console.str(" vector=");
    console.dec(kind);
    console.str(" ELR_EL3=");
    console.hex(sysreg::read!("elr_el3"));
    console.str(" FAR_EL3=");
    console.hex(sysreg::read!("far_el3"));
    console.str("\n");
}
