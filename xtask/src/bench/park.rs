//! A dom0 that does nothing while a driver domain is measured, then ends
//! the run: it binds VIRQ_DOM_EXC (Xen raises it for the hardware domain
//! when any domain shuts down), blocks in SCHEDOP_poll on that port, and
//! powers the machine off when it fires.
//!
//! Why not Linux or the probe as dom0: under `-icount` every CPU's
//! instructions advance the one virtual clock, so anything dom0 ran during
//! the driver domain's loops would be counted in them; and a dom0 that
//! finished first would halt the machine under the driver domain. A dom0
//! blocked in Xen runs no instruction at all.

use crate::util::{build_dir, run};
use anyhow::Result;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// AArch64 assembly: an arm64 Image header (Linux's booting.rst, which
/// Xen's loader reads), then three hypercalls. Only PC-relative addressing,
/// as Xen loads the image anywhere, with the MMU off.
const SOURCE: &str = r#"
    .text
start:
    b       park                // code0: over the header
    .long   0                   // code1
    .quad   0                   // text_offset
    .quad   end - start         // image_size
    .quad   0                   // flags: little endian
    .quad   0, 0, 0             // res2..res4
    .ascii  "ARM\x64"           // magic
    .long   0                   // res5
park:
    // EVTCHNOP_bind_virq(VIRQ_DOM_EXC, vcpu 0); Xen writes the port.
    mov     x0, #1              // EVTCHNOP_bind_virq
    adr     x1, bind
    mov     x16, #32            // __HYPERVISOR_event_channel_op
    hvc     #0xea1
    cbnz    x0, off             // cannot wait: end now, the checks fail
    adr     x1, bind
    ldr     w2, [x1, #8]
    adr     x1, port
    str     w2, [x1]
    // sched_poll.ports is a guest address: fill it in at run time.
    adr     x1, poll
    adr     x2, port
    str     x2, [x1]
    // SCHEDOP_poll(that port, no timeout): blocked until a domain stops.
    mov     x0, #3              // SCHEDOP_poll
    adr     x1, poll
    mov     x16, #29            // __HYPERVISOR_sched_op
    hvc     #0xea1
off:
    mov     x0, #2              // SCHEDOP_shutdown
    adr     x1, reason
    mov     x16, #29
    hvc     #0xea1
    b       off
    .balign 8
bind:   .long 3, 0, 0           // VIRQ_DOM_EXC, vcpu 0, port (out)
port:   .long 0
poll:   .quad 0                 // ports (a guest handle: 64 bits on Arm)
        .long 1, 0              // nr_ports, padding
        .quad 0                 // timeout: none
reason: .long 0                 // SHUTDOWN_poweroff
    .balign 8
end:
"#;

/// Assembles the parking dom0 into `build/bench/park-dom0.Image`.
pub fn image() -> Result<PathBuf> {
    let dir = build_dir().join("bench");
    fs::create_dir_all(&dir)?;
    let source = dir.join("park-dom0.S");
    let object = dir.join("park-dom0.o");
    let image = dir.join("park-dom0.Image");
    fs::write(&source, SOURCE)?;
    run(Command::new("aarch64-linux-gnu-as")
        .arg("-o")
        .arg(&object)
        .arg(&source))?;
    run(Command::new("aarch64-linux-gnu-objcopy")
        .args(["-O", "binary", "-j", ".text"])
        .arg(&object)
        .arg(&image))?;
    Ok(image)
}
