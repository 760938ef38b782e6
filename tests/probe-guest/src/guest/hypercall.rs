//! The two Xen hypercalls the probe needs (xen/include/public/xen.h,
//! sched.h). On Arm: `hvc #0xEA1`, the hypercall number in x16, arguments
//! in x0..x4, the result in x0. Debug builds of Xen overwrite the argument
//! registers on return, so all of x0..x5 and x16 count as clobbered.

use core::arch::asm;

/// __HYPERVISOR_console_io.
const CONSOLE_IO: u64 = 18;
/// CONSOLEIO_write.
const CONSOLEIO_WRITE: u64 = 0;
/// __HYPERVISOR_sched_op.
const SCHED_OP: u64 = 29;
/// SCHEDOP_shutdown.
const SCHEDOP_SHUTDOWN: u64 = 2;
/// SHUTDOWN_poweroff.
const SHUTDOWN_POWEROFF: u32 = 0;

/// `struct sched_shutdown`.
#[repr(C)]
struct SchedShutdown {
    reason: u32,
}

/// Writes bytes to Xen's console (dom0 and dom0less domUs may).
pub fn console_write(bytes: &[u8]) {
    // SAFETY: CONSOLEIO_write only reads `len` bytes at the address, which
    // the slice covers. With the MMU off the slice's address is its IPA,
    // which is what Xen translates. The clobbers cover what Xen may change.
    unsafe {
        asm!(
            "hvc #0xEA1",
            inout("x0") CONSOLEIO_WRITE => _,
            inout("x1") bytes.len() => _,
            inout("x2") bytes.as_ptr() => _,
            lateout("x3") _,
            lateout("x4") _,
            lateout("x5") _,
            inout("x16") CONSOLE_IO => _,
            options(nostack, readonly),
        );
    }
}

/// Asks Xen to power the domain off; waits for interrupts forever should
/// the hypercall return.
pub fn power_off() -> ! {
    let shutdown = SchedShutdown {
        reason: SHUTDOWN_POWEROFF,
    };
    // SAFETY: SCHEDOP_shutdown reads the `struct sched_shutdown` whose
    // address (an IPA, the MMU is off) is in x1; it outlives the call.
    unsafe {
        asm!(
            "hvc #0xEA1",
            inout("x0") SCHEDOP_SHUTDOWN => _,
            inout("x1") &shutdown as *const SchedShutdown => _,
            lateout("x2") _,
            lateout("x3") _,
            lateout("x4") _,
            lateout("x5") _,
            inout("x16") SCHED_OP => _,
            options(nostack, readonly),
        );
    }
    loop {
        // SAFETY: wfi only waits; interrupts are masked, so this idles.
        unsafe { asm!("wfi", options(nomem, nostack, preserves_flags)) };
    }
}
