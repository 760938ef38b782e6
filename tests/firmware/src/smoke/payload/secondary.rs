//! The second CPU's side of the CPU_ON/CPU_OFF check.

use super::{report, smc};
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use scmi_el3_firmware::function_ids::PSCI_CPU_OFF;

/// The context id the second CPU last arrived with.
pub static SEEN_CONTEXT: AtomicU64 = AtomicU64::new(0);
/// How many times it arrived.
pub static ARRIVALS: AtomicU32 = AtomicU32::new(0);
/// The boot CPU lets arrival number n go (CPU_OFF) by setting this to n.
pub static RELEASED: AtomicU32 = AtomicU32::new(0);

/// Runs on the second CPU after CPU_ON, x0 = context id.
#[no_mangle]
extern "C" fn smoke_secondary_main(context: u64) -> ! {
    let arrival = ARRIVALS.load(Ordering::Acquire) + 1;
    SEEN_CONTEXT.store(context, Ordering::Release);
    ARRIVALS.store(arrival, Ordering::Release);
    while RELEASED.load(Ordering::Acquire) < arrival {
        core::hint::spin_loop();
    }
    smc::call0(PSCI_CPU_OFF, 0, 0, 0);
    report::line("SMOKE: FAIL cpu_off returned");
    loop {
        core::hint::spin_loop();
    }
}
