//! Domain creation and destruction: who becomes the SCMI owner.

use super::SciType;
use crate::errno::Errno;
use crate::log::{self, DomainLine};
use crate::owner::OwnerSlot;
use crate::refusal::Refusal;

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

/// A refused `domain_init`: domain creation fails with its errno, and its
/// line (family [`DomainLine`]) follows the domain id.
pub type InitRefusal = Refusal<DomainLine>;

/// The requested type is not a known `arm_sci_type`.
pub(crate) const fn invalid_type(raw: u8) -> InitRefusal {
    Refusal::new(Errno::EINVAL, &log::INIT_INVALID_TYPE, raw as u64)
}

/// Whether the domain should own SCMI: the table of [`domain_init`].
fn wants_ownership(passthrough: bool, is_hardware: bool, ty: SciType) -> Result<bool, InitRefusal> {
    match (passthrough, is_hardware, ty) {
        // Multi-agent without domain agents described.
        (_, false, SciType::ScmiSmcMultiAgent) => {
            Err(Refusal::new(Errno::EOPNOTSUPP, &log::INIT_NO_AGENTS, 0))
        }
        (false, true, _) => Ok(true),
        (false, false, SciType::None) => Ok(false),
        (false, false, SciType::ScmiSmc) => {
            Err(Refusal::new(Errno::EINVAL, &log::INIT_NOT_ALLOWED, 0))
        }
        (true, true, _) => Ok(false),
        (true, false, SciType::None) => Ok(false),
        (true, false, SciType::ScmiSmc) => Ok(true),
    }
}

/// The `domain_init` decision: claims `slot` for `dom` when its row of
/// this table says "owner":
///
/// | passthrough | domain | requested | result |
/// |---|---|---|---|
/// | off | hardware | any | owner |
/// | off | other | none | no SCMI |
/// | off | other | scmi_smc | refused: `EINVAL`, [`log::INIT_NOT_ALLOWED`] |
/// | on | hardware | any | no SCMI: under passthrough it never owns |
/// | on | other | none | no SCMI |
/// | on | other | scmi_smc | owner, or if owned `EEXIST`, [`log::INIT_BUSY`] naming the owner |
/// | any | other | scmi_smc_multiagent | `EOPNOTSUPP`, [`log::INIT_NO_AGENTS`] (see [`super::domain_init_multi_agent`]) |
///
/// Unknown types are refused first (`EINVAL`, [`log::INIT_INVALID_TYPE`]),
/// whatever the row.
///
/// A domain that already owns the slot stays the owner. `dom.token` must be
/// non-zero: a zero token can never own and is refused as busy.
pub fn domain_init(
    slot: &OwnerSlot,
    passthrough: bool,
    dom: &DomainInfo,
    requested: u8,
) -> Result<InitOutcome, InitRefusal> {
    let ty = SciType::from_raw(requested).ok_or(invalid_type(requested))?;
    if !wants_ownership(passthrough, dom.is_hardware, ty)? {
        return Ok(InitOutcome::NoScmi);
    }
    match slot.try_claim_as(dom.token, dom.id) {
        Ok(()) => Ok(InitOutcome::Owner),
        Err(current) if current != 0 && current == dom.token => Ok(InitOutcome::Owner),
        Err(_) => Err(Refusal::new(
            Errno::EEXIST,
            &log::INIT_BUSY,
            slot.owner_domid() as u64,
        )),
    }
}

/// The `domain_destroy` decision: releases ownership if the domain with
/// `token` held it. Returns true when it did, and the FFI then clears
/// `d->arch.sci_enabled`; any other domain is left alone, so destroying a
/// refused or unrelated domain never frees the real owner's slot.
pub fn domain_destroy(slot: &OwnerSlot, token: usize) -> bool {
    slot.release_if(token)
}
