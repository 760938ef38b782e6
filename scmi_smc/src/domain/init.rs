//! Domain creation and destruction: who becomes the SCMI owner.

use super::{SciType, EEXIST, EINVAL, EOPNOTSUPP};
use crate::log::{self, LogFormat};
use crate::owner::OwnerSlot;

/// What the mediator needs to know about a domain being created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DomainInfo {
    /// Opaque non-zero identity (the FFI passes the `struct domain *`).
    pub token: usize,
    /// The domain id, for log lines and the SMCCC client id.
    pub id: u16,
    /// Whether this is the hardware domain.
    pub is_hardware: bool,
}

/// A successful `domain_init`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitOutcome {
    /// The domain owns SCMI now: set `d->arch.sci_enabled`.
    Owner,
    /// The domain gets no SCMI access.
    NoScmi,
}

/// A refused `domain_init`; domain creation fails with [`InitError::errno`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitError {
    /// The requested type is not a known `arm_sci_type` (-EINVAL).
    InvalidType(u8),
    /// "scmi_smc" asked for by a domain other than the hardware domain
    /// while `scmi-smc-passthrough` is off (-EINVAL).
    NotAllowed,
    /// `scmi_smc_multiagent` asked for, but the host tree describes no
    /// domain agents (-EOPNOTSUPP).
    NoAgents,
    /// Another domain already owns SCMI (-EEXIST).
    Busy {
        /// The owner's token.
        owner: usize,
        /// The owner's domain id as recorded when it claimed (log only).
        owner_id: u16,
    },
}

impl InitError {
    /// The negative errno `domain_init` returns.
    pub const fn errno(&self) -> i32 {
        match self {
            InitError::InvalidType(_) | InitError::NotAllowed => -EINVAL,
            InitError::NoAgents => -EOPNOTSUPP,
            InitError::Busy { .. } => -EEXIST,
        }
    }

    /// The line to print with the domain id and [`Self::log_arg`].
    pub fn log_line(&self) -> &'static LogFormat<log::Domain> {
        match self {
            InitError::InvalidType(_) => &log::INIT_INVALID_TYPE,
            InitError::NotAllowed => &log::INIT_NOT_ALLOWED,
            InitError::NoAgents => &log::INIT_NO_AGENTS,
            InitError::Busy { .. } => &log::INIT_BUSY,
        }
    }

    /// The second argument: the raw type for `InvalidType`, the owner's
    /// domain id for `Busy`, 0 (unused) for `NotAllowed`.
    pub const fn log_arg(&self) -> u64 {
        match *self {
            InitError::InvalidType(raw) => raw as u64,
            InitError::NotAllowed | InitError::NoAgents => 0,
            InitError::Busy { owner_id, .. } => owner_id as u64,
        }
    }
}

/// Whether the domain should own SCMI: the table of [`domain_init`].
fn wants_ownership(passthrough: bool, is_hardware: bool, ty: SciType) -> Result<bool, InitError> {
    match (passthrough, is_hardware, ty) {
        (_, false, SciType::ScmiSmcMultiAgent) => Err(InitError::NoAgents),
        (false, true, _) => Ok(true),
        (false, false, SciType::None) => Ok(false),
        (false, false, SciType::ScmiSmc) => Err(InitError::NotAllowed),
        (true, true, _) => Ok(false),
        (true, false, SciType::None) => Ok(false),
        (true, false, SciType::ScmiSmc) => Ok(true),
    }
}

/// The `domain_init` decision: claims `slot` for `dom` when its row of
/// this table (DESIGN.md section 4) says "owner":
///
/// | passthrough | domain | requested | result |
/// |---|---|---|---|
/// | off | hardware | any | owner |
/// | off | other | none | no SCMI |
/// | off | other | scmi_smc | `NotAllowed` |
/// | on | hardware | any | no SCMI: under passthrough it never owns |
/// | on | other | none | no SCMI |
/// | on | other | scmi_smc | owner, or `Busy` if owned |
/// | any | other | scmi_smc_multiagent | `NoAgents` (see [`super::domain_init_multi_agent`]) |
///
/// Unknown types are refused first (`InvalidType`), whatever the row.
///
/// A domain that already owns the slot stays the owner. `dom.token` must be
/// non-zero: a zero token can never own and is refused as `Busy`.
pub fn domain_init(
    slot: &OwnerSlot,
    passthrough: bool,
    dom: &DomainInfo,
    requested: u8,
) -> Result<InitOutcome, InitError> {
    let ty = SciType::from_raw(requested).ok_or(InitError::InvalidType(requested))?;
    if !wants_ownership(passthrough, dom.is_hardware, ty)? {
        return Ok(InitOutcome::NoScmi);
    }
    match slot.try_claim_as(dom.token, dom.id) {
        Ok(()) => Ok(InitOutcome::Owner),
        Err(current) if current != 0 && current == dom.token => Ok(InitOutcome::Owner),
        Err(current) => Err(InitError::Busy {
            owner: current,
            owner_id: slot.owner_domid(),
        }),
    }
}

/// The `domain_destroy` decision: releases ownership if the domain with
/// `token` held it. Returns true when it did, and the FFI then clears
/// `d->arch.sci_enabled`; any other domain is left alone, so destroying a
/// refused or unrelated domain never frees the real owner's slot.
pub fn domain_destroy(slot: &OwnerSlot, token: usize) -> bool {
    slot.release_if(token)
}
