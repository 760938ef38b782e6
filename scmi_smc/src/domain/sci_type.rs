//! The `arm_sci_type` of a domain's configuration.

use core::ffi::CStr;

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
}

/// A dom0less `xen,sci_type` property that names no known type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadSciType {
    /// The property is empty, or holds nothing but a NUL.
    Empty,
    /// Anything but exactly "none" or "scmi_smc" (optionally NUL-ended).
    Unknown,
}

impl BadSciType {
    /// The dt-family `printk` format (see [`crate::log`]); the only
    /// argument it uses is the domain node's full name.
    pub const fn log_format(&self) -> &'static CStr {
        log::DT_BAD_SCI_TYPE.format
    }
}

impl SciType {
    /// Decodes the ABI value; `None` (the Rust one) for unknown values.
    pub const fn from_raw(raw: u8) -> Option<SciType> {
        match raw {
            0 => Some(SciType::None),
            1 => Some(SciType::ScmiSmc),
            _ => None,
        }
    }

    /// The ABI value.
    pub const fn raw(self) -> u8 {
        self as u8
    }

    /// Parses a dom0less `xen,sci_type` property value.
    ///
    /// Accepts exactly `none` or `scmi_smc`, with or without the single
    /// trailing NUL a DT string carries, so the FFI may pass either the raw
    /// property or a C string's bytes. Refused: empty values, a lone NUL,
    /// several NULs, bytes after the NUL (a string list), other names, and
    /// different case: the binding names are lower case.
    pub fn from_dt_string(value: &[u8]) -> Result<SciType, BadSciType> {
        let name = match value.split_last() {
            Some((0, rest)) => rest,
            Some(_) => value,
            None => return Err(BadSciType::Empty),
        };
        match name {
            b"" => Err(BadSciType::Empty),
            b"none" => Ok(SciType::None),
            b"scmi_smc" => Ok(SciType::ScmiSmc),
            _ => Err(BadSciType::Unknown),
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

    /// The probe-family `printk` format (see [`crate::log`]).
    pub const fn log_format(&self) -> &'static CStr {
        log::SANITISE_BAD_TYPE.format
    }

    /// The format's `u64` argument: the raw type.
    pub const fn log_arg(&self) -> u64 {
        self.0 as u64
    }

    /// The format with its argument list.
    pub const fn log_spec(&self) -> &'static LogFormat<log::Probe> {
        &log::SANITISE_BAD_TYPE
    }
}

/// Checks a requested `arm_sci_type` before the domain is created: every
/// known type is acceptable here; whether this domain may have it is
/// decided by [`super::domain_init`].
pub fn sanitise(raw: u8) -> Result<SciType, SanitiseError> {
    SciType::from_raw(raw).ok_or(SanitiseError(raw))
}
