//! Deciding at boot whether the mediator can run, from the facts the FFI
//! gathers: ACPI or device tree, the firmware's SMCCC version, and the
//! "arm,smc-id" property of the "arm,scmi-smc" node.

use crate::dt::one_cell;
use crate::log::{self, LogFormat};
use crate::smccc::{FunctionId, SMCCC_VERSION_1_1};

/// Why the mediator refuses to start. Each variant is one log line: see
/// [`ProbeError::log_line`] and [`ProbeError::log_arg`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeError {
    /// Xen booted with ACPI; the SCMI description only exists in DT.
    Acpi,
    /// Firmware implements an SMCCC version older than 1.1, whose calls may
    /// clobber registers the forwarding path expects preserved.
    SmcccTooOld {
        /// The `SMCCC_VERSION` value Xen read.
        version: u32,
    },
    /// The node has no "arm,smc-id" property.
    MissingSmcId,
    /// "arm,smc-id" is not exactly one 32-bit cell.
    BadSmcIdLength {
        /// The property length in bytes.
        len: usize,
    },
    /// The id is a yielding call; SCMI-over-SMC uses fast calls and Xen
    /// only forwards those.
    NotFastCall {
        /// The function id.
        id: FunctionId,
    },
    /// The id is not in the SiP range. Xen's virtual SMC dispatcher only
    /// routes SiP-owned calls to the mediator, so a mediator for any other
    /// id would never see a single call; better to refuse loudly at boot.
    NotSip {
        /// The function id.
        id: FunctionId,
    },
}

impl ProbeError {
    /// This refusal's line, printed with [`Self::log_arg`].
    pub fn log_line(&self) -> &'static LogFormat<log::Probe> {
        match self {
            ProbeError::Acpi => &log::boot::PROBE_ACPI,
            ProbeError::SmcccTooOld { .. } => &log::boot::PROBE_SMCCC_TOO_OLD,
            ProbeError::MissingSmcId => &log::boot::PROBE_NO_SMC_ID,
            ProbeError::BadSmcIdLength { .. } => &log::boot::PROBE_BAD_SMC_ID_LEN,
            ProbeError::NotFastCall { .. } => &log::boot::PROBE_NOT_FAST_CALL,
            ProbeError::NotSip { .. } => &log::boot::PROBE_NOT_SIP,
        }
    }

    /// The single `u64` argument of the format (0 when the format has no
    /// conversion; passing it anyway is harmless in C).
    pub const fn log_arg(&self) -> u64 {
        match *self {
            ProbeError::Acpi | ProbeError::MissingSmcId => 0,
            ProbeError::SmcccTooOld { version } => version as u64,
            ProbeError::BadSmcIdLength { len } => len as u64,
            ProbeError::NotFastCall { id } | ProbeError::NotSip { id } => id.raw() as u64,
        }
    }
}

/// Decides whether the mediator can run and which function id it serves.
///
/// `smc_id_prop` is the raw "arm,smc-id" property: one big-endian cell.
/// Checks run in the order of the [`ProbeError`] variants, so the line
/// printed names the first thing to fix. SMC64 ids are accepted: nothing in
/// SCMI forbids them, and AArch32 callers simply cannot issue them.
pub fn probe(
    acpi: bool,
    smccc_version: u32,
    smc_id_prop: Option<&[u8]>,
) -> Result<FunctionId, ProbeError> {
    if acpi {
        return Err(ProbeError::Acpi);
    }
    if smccc_version < SMCCC_VERSION_1_1 {
        return Err(ProbeError::SmcccTooOld {
            version: smccc_version,
        });
    }
    let prop = smc_id_prop.ok_or(ProbeError::MissingSmcId)?;
    let id = FunctionId(one_cell(prop).ok_or(ProbeError::BadSmcIdLength { len: prop.len() })?);
    if !id.is_fast() {
        return Err(ProbeError::NotFastCall { id });
    }
    if !id.is_sip() {
        return Err(ProbeError::NotSip { id });
    }
    Ok(id)
}
