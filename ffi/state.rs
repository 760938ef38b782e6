//! The mediator's global state, in the sections Xen uses for data that is
//! written once at boot (`.data.ro_after_init`, write-protected after boot)
//! or rarely (`.data.read_mostly`, kept away from hot cache lines).

use core::sync::atomic::AtomicBool;
#[cfg(not(feature = "multi-agent"))]
use core::sync::atomic::AtomicU32;
#[cfg(not(feature = "multi-agent"))]
use scmi_smc::OwnerSlot;

/// `scmi-smc-passthrough` (alias `dom0_scmi_smc_passthrough`): a driver
/// domain, not the hardware domain, owns SCMI. Written by Xen's command-line
/// parser before any initcall, through the pointer in the parameter table,
/// so it must be a plain C `bool` in memory: `AtomicBool` is one.
#[link_section = ".data.ro_after_init"]
pub static PASSTHROUGH: AtomicBool = AtomicBool::new(false);

/// `scmi-smc-shared-page`: grant the hardware domain a passthrough
/// channel whose frames hold something else too (by default such a
/// channel is refused; `scmi_smc::dt::SharedPage`). Single-agent mode
/// only; written by Xen's command-line parser as for [`PASSTHROUGH`].
#[cfg(not(feature = "multi-agent"))]
#[link_section = ".data.ro_after_init"]
pub static SHARED_PAGE: AtomicBool = AtomicBool::new(false);

/// `scmi-smc-reuse-unreset-agents`: give a domain an agent whose reset
/// failed when its last holder was destroyed (by default such an agent is
/// refused to every later domain). Multi-agent mode only; written by Xen's
/// command-line parser as for [`PASSTHROUGH`].
#[cfg(feature = "multi-agent")]
#[link_section = ".data.ro_after_init"]
pub static REUSE_UNRESET: AtomicBool = AtomicBool::new(false);

/// The SMC function id from "arm,smc-id"; 0 until the probe succeeds.
/// Single-agent mode only: multi-agent mode keeps its doorbells in its
/// agent table.
#[cfg(not(feature = "multi-agent"))]
#[link_section = ".data.ro_after_init"]
pub static SMC_ID: AtomicU32 = AtomicU32::new(0);

/// The domain that owns SCMI, as its `struct domain` address (one agent;
/// in multi-agent mode each agent has an owner of its own).
#[cfg(not(feature = "multi-agent"))]
#[link_section = ".data.read_mostly"]
pub static OWNER: OwnerSlot = OwnerSlot::new();
