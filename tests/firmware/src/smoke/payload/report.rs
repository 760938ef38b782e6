//! Console lines and the running pass/fail tally.

use core::sync::atomic::{AtomicU32, Ordering};
use scmi_el3_firmware::console::Sink;
use scmi_el3_firmware::pl011::Pl011;

static FAILURES: AtomicU32 = AtomicU32::new(0);

/// Prints one line.
pub fn line(text: &str) {
    let mut console = Pl011::console();
    console.str(text);
    console.str("\n");
}

/// Records one check: `SMOKE: PASS <name> got=<hex>` or `SMOKE: FAIL
/// <name> got=<hex> want=<hex>`.
pub fn check(name: &str, got: u64, want: u64) {
    let mut console = Pl011::console();
    if got == want {
        console.str("SMOKE: PASS ");
    } else {
        console.str("SMOKE: FAIL ");
        FAILURES.store(FAILURES.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
    }
    console.str(name);
    console.str(" got=");
    console.hex(got);
    if got != want {
        console.str(" want=");
        console.hex(want);
    }
    console.str("\n");
}

/// Failed checks so far.
pub fn failures() -> u32 {
    FAILURES.load(Ordering::Relaxed)
}
