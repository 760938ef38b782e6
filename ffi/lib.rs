//! The C side of the Rust SCMI-SMC mediator: what Xen links.
//!
//! Xen finds the mediator through two tables the linker gathers: a device
//! description in `.dev.info` (matched against the "arm,scmi-smc" node at
//! boot) and the boolean command-line parameters in `.init.setup`. The
//! device's init function probes the firmware node and registers the
//! `sci_mediator_ops` callbacks, which turn Xen's raw pointers into calls
//! to the pure policy of the `scmi_smc` crate.
//!
//! This crate and `xen-bindings` are the only places with `unsafe`; every
//! block says why it is sound.
#![no_std]
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

#[cfg(feature = "multi-agent")]
mod agents;
mod boot_str;
mod device;
mod dom0_tree;
mod host_tree;
mod ops;
mod params;
mod printk;
mod regs;
#[cfg(not(feature = "multi-agent"))]
mod single;
mod smc;
#[cfg(feature = "multi-agent")]
mod spinlock;
mod state;
mod xen;

/// Nothing in the mediator can panic (the policy crate is written without
/// panicking operations and the build checks the linked image for panic
/// machinery), but a `no_std` static library still needs a handler. Stop
/// the CPU here rather than pull formatting into the hypervisor.
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    loop {
        core::hint::spin_loop();
    }
}
