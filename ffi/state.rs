//! The mediator's global state, in the sections Xen uses for data that is
//! written once at boot (`.data.ro_after_init`, write-protected after boot)
//! or rarely (`.data.read_mostly`, kept away from hot cache lines).

use core::sync::atomic::{AtomicBool, AtomicU32};
use scmi_smc::OwnerSlot;

/// `scmi-smc-passthrough` (alias `dom0_scmi_smc_passthrough`): a driver
/// domain, not the hardware domain, owns SCMI. Written by Xen's command-line
/// parser before any initcall, through the pointer in the parameter table,
/// so it must be a plain C `bool` in memory: `AtomicBool` is one.
#[link_section = ".data.ro_after_init"]
pub static PASSTHROUGH: AtomicBool = AtomicBool::new(false);

/// The SMC function id from "arm,smc-id"; 0 until the probe succeeds.
#[link_section = ".data.ro_after_init"]
pub static SMC_ID: AtomicU32 = AtomicU32::new(0);

/// The domain that owns SCMI, as its `struct domain` address.
#[link_section = ".data.read_mostly"]
pub static OWNER: OwnerSlot = OwnerSlot::new();
