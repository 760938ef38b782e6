//! The `arm_sci_type` of a domain's configuration.

use crate::errno::Errno;
use crate::log::{self, ProbeLine};
use crate::refusal::Refusal;

/// What kind of system control interface a domain asks for.
///
/// The values are the public ABI of `xen_arch_domainconfig.arm_sci_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum SciType {
    /// `XEN_DOMCTL_CONFIG_ARM_SCI_NONE`: no SCMI access.
    None = 0,
    /// `XEN_DOMCTL_CONFIG_ARM_SCI_SCMI_SMC`: SCMI over SMC, forwarded to
    /// EL3 firmware.
    ScmiSmc = 1,
    /// `XEN_DOMCTL_CONFIG_ARM_SCI_SCMI_SMC_MA`: one of the firmware's
    /// domain agents, named by `arm_sci_agent_id` (`docs/multi-agent.md`).
    ScmiSmcMultiAgent = 2,
}

impl SciType {
    /// Decodes the ABI value; `None` (the Rust one) for unknown values.
    pub const fn from_raw(raw: u8) -> Option<SciType> {
        match raw {
            0 => Some(SciType::None),
            1 => Some(SciType::ScmiSmc),
            2 => Some(SciType::ScmiSmcMultiAgent),
            _ => None,
        }
    }
}

/// Checks a requested `arm_sci_type` before the domain is created: every
/// known type is acceptable here; whether this domain may have it is
/// decided by [`super::domain_init`]. An unknown one is refused with
/// `EINVAL` and [`log::SANITISE_BAD_TYPE`], before any domain exists.
pub fn sanitise(raw: u8) -> Result<SciType, Refusal<ProbeLine>> {
    SciType::from_raw(raw).ok_or(Refusal::new(
        Errno::EINVAL,
        &log::SANITISE_BAD_TYPE,
        raw as u64,
    ))
}
