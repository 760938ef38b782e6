//! The payload proper.

mod agents;
mod checks;
mod entry;
mod report;
mod scmi;
mod secondary;
mod smc;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    report::line("SMOKE: FAIL panic");
    smc::system_reset()
}
