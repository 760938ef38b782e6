//! The Xen hypercalls the probe needs (xen/include/public/xen.h, sched.h,
//! event_channel.h). On Arm: `hvc #0xEA1`, the hypercall number in x16
//! (r12 on AArch32), arguments in x0..x4 (r0..r4), the result in x0 (r0).
//! Debug builds of Xen overwrite the argument registers on return, so all
//! of them and the number's register count as clobbered.

use core::arch::asm;

/// __HYPERVISOR_console_io.
const CONSOLE_IO: usize = 18;
/// CONSOLEIO_write.
const CONSOLEIO_WRITE: usize = 0;
/// __HYPERVISOR_sched_op.
const SCHED_OP: usize = 29;
/// SCHEDOP_shutdown.
const SCHEDOP_SHUTDOWN: usize = 2;
/// SCHEDOP_poll.
const SCHEDOP_POLL: usize = 3;
/// SHUTDOWN_poweroff.
const SHUTDOWN_POWEROFF: u32 = 0;
/// __HYPERVISOR_event_channel_op.
const EVENT_CHANNEL_OP: usize = 32;
/// EVTCHNOP_bind_virq.
const EVTCHNOP_BIND_VIRQ: usize = 1;
/// VIRQ_DOM_EXC: Xen raises it for the hardware domain when any domain
/// shuts down.
const VIRQ_DOM_EXC: u32 = 3;

/// `struct sched_shutdown`.
#[repr(C)]
struct SchedShutdown {
    reason: u32,
}

/// `struct evtchn_bind_virq`; Xen fills in `port`.
#[repr(C)]
struct BindVirq {
    virq: u32,
    vcpu: u32,
    port: u32,
}

/// `struct sched_poll` (a guest handle is 64 bits on Arm, either width).
#[repr(C)]
struct SchedPoll {
    ports: u64,
    nr_ports: u32,
    _pad: u32,
    timeout: u64,
}

/// A hypercall with two arguments; returns x0 (r0).
///
/// # Safety
/// The arguments must be what Xen expects for `op`: any address among them
/// must point at memory of the right layout that outlives the call.
#[cfg(target_arch = "aarch64")]
unsafe fn hypercall2(op: usize, a0: usize, a1: usize) -> isize {
    let result: isize;
    // SAFETY: the caller's guarantee; the clobbers cover what Xen may change.
    unsafe {
        asm!(
            "hvc #0xEA1",
            inout("x0") a0 => result,
            inout("x1") a1 => _,
            lateout("x2") _,
            lateout("x3") _,
            lateout("x4") _,
            lateout("x5") _,
            inout("x16") op => _,
            options(nostack),
        );
    }
    result
}

/// A hypercall with two arguments; returns r0.
///
/// # Safety
/// As on AArch64.
#[cfg(target_arch = "arm")]
unsafe fn hypercall2(op: usize, a0: usize, a1: usize) -> isize {
    let result: isize;
    // SAFETY: the caller's guarantee; the clobbers cover what Xen may change.
    unsafe {
        asm!(
            ".arch_extension virt",
            "hvc #0xEA1",
            inout("r0") a0 => result,
            inout("r1") a1 => _,
            lateout("r2") _,
            lateout("r3") _,
            lateout("r4") _,
            lateout("r5") _,
            inout("r12") op => _,
            options(nostack),
        );
    }
    result
}

/// A hypercall with three arguments (console_io: op, length, buffer).
///
/// # Safety
/// As for [`hypercall2`].
#[cfg(target_arch = "aarch64")]
unsafe fn hypercall3(op: usize, a0: usize, a1: usize, a2: usize) -> isize {
    let result: isize;
    // SAFETY: the caller's guarantee; the clobbers cover what Xen may change.
    unsafe {
        asm!(
            "hvc #0xEA1",
            inout("x0") a0 => result,
            inout("x1") a1 => _,
            inout("x2") a2 => _,
            lateout("x3") _,
            lateout("x4") _,
            lateout("x5") _,
            inout("x16") op => _,
            options(nostack),
        );
    }
    result
}

/// A hypercall with three arguments.
///
/// # Safety
/// As for [`hypercall2`].
#[cfg(target_arch = "arm")]
unsafe fn hypercall3(op: usize, a0: usize, a1: usize, a2: usize) -> isize {
    let result: isize;
    // SAFETY: the caller's guarantee; the clobbers cover what Xen may change.
    unsafe {
        asm!(
            ".arch_extension virt",
            "hvc #0xEA1",
            inout("r0") a0 => result,
            inout("r1") a1 => _,
            inout("r2") a2 => _,
            lateout("r3") _,
            lateout("r4") _,
            lateout("r5") _,
            inout("r12") op => _,
            options(nostack),
        );
    }
    result
}

/// Writes bytes to Xen's console (dom0 and dom0less domUs may).
pub fn console_write(bytes: &[u8]) {
    // SAFETY: CONSOLEIO_write only reads `len` bytes at the address, which
    // the slice covers. With the MMU off the slice's address is its IPA,
    // which is what Xen translates.
    unsafe {
        hypercall3(
            CONSOLE_IO,
            CONSOLEIO_WRITE,
            bytes.len(),
            bytes.as_ptr() as usize,
        );
    }
}

/// Binds VIRQ_DOM_EXC to vCPU 0 (only the hardware domain may): the port,
/// or Xen's error.
pub fn bind_domain_exceptions() -> Result<u32, isize> {
    let mut bind = BindVirq {
        virq: VIRQ_DOM_EXC,
        vcpu: 0,
        port: 0,
    };
    // SAFETY: EVTCHNOP_bind_virq reads and writes the `struct
    // evtchn_bind_virq` whose address (an IPA) is in x1; it outlives the
    // call and nothing else refers to it.
    let rc = unsafe {
        hypercall2(
            EVENT_CHANNEL_OP,
            EVTCHNOP_BIND_VIRQ,
            &mut bind as *mut BindVirq as usize,
        )
    };
    // SAFETY: reads a field of a live local; volatile because Xen, not
    // the compiler, wrote it.
    let port = unsafe { core::ptr::read_volatile(&bind.port) };
    if rc == 0 {
        Ok(port)
    } else {
        Err(rc)
    }
}

/// Blocks until `port` is pending (SCHEDOP_poll, no timeout); returns at
/// once if it already is. Xen's result.
pub fn poll(port: u32) -> isize {
    let ports = port;
    let poll = SchedPoll {
        ports: &ports as *const u32 as usize as u64,
        nr_ports: 1,
        _pad: 0,
        timeout: 0,
    };
    // SAFETY: SCHEDOP_poll reads the `struct sched_poll` in x1 and the one
    // port it points at; both outlive the call.
    unsafe { hypercall2(SCHED_OP, SCHEDOP_POLL, &poll as *const SchedPoll as usize) }
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
        hypercall2(
            SCHED_OP,
            SCHEDOP_SHUTDOWN,
            &shutdown as *const SchedShutdown as usize,
        );
    }
    loop {
        // SAFETY: wfi only waits; interrupts are masked, so this idles.
        unsafe { asm!("wfi", options(nomem, nostack, preserves_flags)) };
    }
}
