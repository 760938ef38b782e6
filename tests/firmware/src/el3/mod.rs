//! The firmware proper, one concern per module.

mod boot;
mod cpus;
mod cycles;
mod entry;
mod exception;
mod gicv3;
mod psci;
mod regs;
mod scmi;
mod smc;
mod spinlock;
mod sysreg;

use scmi_el3_firmware::console::Sink;
use scmi_el3_firmware::pl011::Pl011;
use scmi_el3_firmware::semihosting;

/// Status QEMU exits with when the firmware itself fails.
const EXIT_FIRMWARE_FAULT: u32 = 3;

/// Prints `what` and stops the machine with a failure status: the harness
/// sees a clear line and a non-zero exit instead of a hang.
pub fn fatal(what: &str, detail: u64) -> ! {
    let mut console = Pl011::console();
    console.str("EL3: fatal: ");
    console.str(what);
    console.str(" ");
    console.hex(detail);
    console.str("\n");
    semihosting::exit(EXIT_FIRMWARE_FAULT)
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    // No message: formatting it would pull in core::fmt.
    fatal("panic", 0)
}
