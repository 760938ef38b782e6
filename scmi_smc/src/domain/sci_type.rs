//! The `arm_sci_type` of a domain's configuration.

use super::EINVAL;
use crate::log::{self, LogFormat};

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

/// `domain_sanitise_config` refused an unknown `arm_sci_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SanitiseError(pub u8);

impl SanitiseError {
    /// The negative errno to return: `-EINVAL`.
    pub const fn errno(&self) -> i32 {
        -EINVAL
    }

    /// The format's `u64` argument: the raw type.
    pub const fn log_arg(&self) -> u64 {
        self.0 as u64
    }

    /// The line to print with [`Self::log_arg`].
    pub fn log_line(&self) -> &'static LogFormat<log::Probe> {
        &log::SANITISE_BAD_TYPE
    }
}

/// Checks a requested `arm_sci_type` before the domain is created: every
/// known type is acceptable here; whether this domain may have it is
/// decided by [`super::domain_init`].
pub fn sanitise(raw: u8) -> Result<SciType, SanitiseError> {
    SciType::from_raw(raw).ok_or(SanitiseError(raw))
}
