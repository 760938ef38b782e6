//! The agents Xen hands out, who holds each, and which SMCs each holder
//! may issue.

use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use super::binding::is_domain_agent_id;
use crate::call::CallDecision;
use crate::owner::OwnerSlot;
use crate::smccc::FunctionId;

/// Whether two ranges of page frames (first, last) share a frame; an
/// empty range (first > last) shares none.
fn overlap(a: (u64, u64), b: (u64, u64)) -> bool {
    a.0 <= a.1 && b.0 <= b.1 && a.0 <= b.1 && b.0 <= a.1
}

/// Most domain agents the table holds. Real platforms describe a handful;
/// the bound keeps the table a fixed-size `static`.
pub const MAX_AGENTS: usize = 8;

/// One domain agent: its SCMI agent id, doorbell and channel (first and
/// last page frame), and who holds it. An entry with a zero `smc_id` is
/// unused (0 is never a fast call, which [`AgentTable::add`] requires).
#[derive(Debug)]
struct Entry {
    agent_id: AtomicU32,
    smc_id: AtomicU32,
    first_pfn: AtomicU64,
    last_pfn: AtomicU64,
    owner: OwnerSlot,
}

impl Entry {
    const fn new() -> Self {
        Entry {
            agent_id: AtomicU32::new(0),
            smc_id: AtomicU32::new(0),
            first_pfn: AtomicU64::new(0),
            last_pfn: AtomicU64::new(0),
            owner: OwnerSlot::new(),
        }
    }

    fn channel(&self) -> (u64, u64) {
        (
            self.first_pfn.load(Ordering::Relaxed),
            self.last_pfn.load(Ordering::Relaxed),
        )
    }

    fn smc_id(&self) -> u32 {
        self.smc_id.load(Ordering::Acquire)
    }

    fn agent_id(&self) -> u32 {
        self.agent_id.load(Ordering::Relaxed)
    }
}

/// Why an agent could not be added or claimed. Each maps to the errno
/// `domain_init` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentError {
    /// The table has no room for another agent.
    Full,
    /// Agent id or SMC id already in the table, or the privileged agent's.
    Duplicate,
    /// The SMC id is not a fast SiP call (Xen routes only those here).
    BadSmcId,
    /// The agent id is not one a domain may have (1 to 254).
    Reserved,
    /// The channel shares a page with Xen's or another agent's.
    Overlap,
    /// No such agent was described at boot (-ENOENT).
    Unknown,
    /// The privileged agent, which only Xen uses (-EPERM).
    Privileged,
    /// Another domain holds the agent (-EEXIST); its domain id (log only).
    Busy(u16),
}

/// Which table entry a domain holds, as it keeps it between calls: 0 for
/// none, otherwise the entry's index plus one, so that Xen's null
/// `sci_data` means "no hint". Any value is safe to pass back: a hint that
/// does not match the caller is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentHint(usize);

impl AgentHint {
    /// No hint: the search covers the whole table.
    pub const NONE: AgentHint = AgentHint(0);

    /// The hint a domain kept, as stored.
    pub const fn from_raw(raw: usize) -> Self {
        AgentHint(raw)
    }

    /// The value to store.
    pub const fn raw(self) -> usize {
        self.0
    }
}

/// The privileged agent's doorbell and channel, the domain agents, and
/// which of them the hardware domain gets.
#[derive(Debug)]
pub struct AgentTable {
    privileged_id: AtomicU32,
    privileged_smc: AtomicU32,
    privileged_first_pfn: AtomicU64,
    privileged_last_pfn: AtomicU64,
    /// The hardware domain's agent id; 0 for none (never a domain's).
    dom0_agent: AtomicU32,
    entries: [Entry; MAX_AGENTS],
}

impl Default for AgentTable {
    fn default() -> Self {
        Self::new()
    }
}

#[allow(clippy::declare_interior_mutable_const)]
const EMPTY: Entry = Entry::new();

impl AgentTable {
    /// An empty table (no privileged agent, no domain agents), usable in a
    /// `static`.
    pub const fn new() -> Self {
        AgentTable {
            privileged_id: AtomicU32::new(0),
            privileged_smc: AtomicU32::new(0),
            privileged_first_pfn: AtomicU64::new(u64::MAX),
            privileged_last_pfn: AtomicU64::new(0),
            dom0_agent: AtomicU32::new(0),
            entries: [EMPTY; MAX_AGENTS],
        }
    }

    /// Records Xen's own agent: its id (as the firmware reported it),
    /// doorbell and channel (first and last page frame). Boot only, before
    /// any [`AgentTable::add`].
    pub fn set_privileged(&self, agent_id: u32, smc_id: FunctionId, channel: (u64, u64)) {
        self.privileged_id.store(agent_id, Ordering::Relaxed);
        self.privileged_first_pfn
            .store(channel.0, Ordering::Relaxed);
        self.privileged_last_pfn.store(channel.1, Ordering::Relaxed);
        self.privileged_smc.store(smc_id.0, Ordering::Release);
    }

    /// Adds a domain agent with its channel (first and last page frame).
    /// Boot only: entries are never removed.
    ///
    /// Refused: an agent id a domain may not have, a doorbell Xen does not
    /// route to the mediator, an agent id or doorbell already taken (Xen's
    /// included), a channel that shares a page with Xen's or another
    /// agent's (one domain could then reach another's messages), and a
    /// full table.
    pub fn add(
        &self,
        agent_id: u32,
        smc_id: FunctionId,
        channel: (u64, u64),
    ) -> Result<(), AgentError> {
        if !is_domain_agent_id(agent_id) {
            return Err(AgentError::Reserved);
        }
        if !smc_id.is_fast() || !smc_id.is_sip() {
            return Err(AgentError::BadSmcId);
        }
        let used = self.entries.iter().filter(|e| e.smc_id() != 0);
        if agent_id == self.privileged_id.load(Ordering::Relaxed)
            || smc_id.0 == self.privileged_smc.load(Ordering::Acquire)
            || used
                .clone()
                .any(|e| e.agent_id() == agent_id || e.smc_id() == smc_id.0)
        {
            return Err(AgentError::Duplicate);
        }
        let xen = (
            self.privileged_first_pfn.load(Ordering::Relaxed),
            self.privileged_last_pfn.load(Ordering::Relaxed),
        );
        if overlap(channel, xen) || used.clone().any(|e| overlap(channel, e.channel())) {
            return Err(AgentError::Overlap);
        }
        let free = self
            .entries
            .iter()
            .find(|e| e.smc_id() == 0)
            .ok_or(AgentError::Full)?;
        free.agent_id.store(agent_id, Ordering::Relaxed);
        free.first_pfn.store(channel.0, Ordering::Relaxed);
        free.last_pfn.store(channel.1, Ordering::Relaxed);
        free.smc_id.store(smc_id.0, Ordering::Release);
        Ok(())
    }

    /// Gives the hardware domain agent `agent_id`, which must be in the
    /// table. Boot only, after every [`AgentTable::add`].
    pub fn set_dom0_agent(&self, agent_id: u32) -> Result<(), AgentError> {
        self.entry(agent_id).ok_or(AgentError::Unknown)?;
        self.dom0_agent.store(agent_id, Ordering::Relaxed);
        Ok(())
    }

    /// The hardware domain's agent, if it has one.
    pub fn dom0_agent(&self) -> Option<u32> {
        Some(self.dom0_agent.load(Ordering::Relaxed)).filter(|id| *id != 0)
    }

    /// The channels of the domain agents (first and last page frame), each
    /// once: the hardware domain may map them, to hand each to the domain
    /// that gets its agent.
    pub fn channels(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.entries
            .iter()
            .filter(|e| e.smc_id() != 0)
            .map(Entry::channel)
    }

    /// Whether frames `first..=last` touch a channel the hardware domain
    /// must not have as a device: Xen's, or another domain's agent's.
    pub fn is_foreign_channel(&self, first: u64, last: u64) -> bool {
        let xen = (
            self.privileged_first_pfn.load(Ordering::Relaxed),
            self.privileged_last_pfn.load(Ordering::Relaxed),
        );
        let dom0 = self.dom0_agent();
        overlap((first, last), xen)
            || self.entries.iter().any(|e| {
                e.smc_id() != 0 && Some(e.agent_id()) != dom0 && overlap((first, last), e.channel())
            })
    }

    fn entry(&self, agent_id: u32) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.smc_id() != 0 && e.agent_id() == agent_id)
    }

    /// Gives agent `agent_id` to the domain `token` (id `domid`).
    pub fn claim(&self, agent_id: u32, token: usize, domid: u16) -> Result<(), AgentError> {
        if agent_id == self.privileged_id.load(Ordering::Relaxed) {
            return Err(AgentError::Privileged);
        }
        let entry = self.entry(agent_id).ok_or(AgentError::Unknown)?;
        entry
            .owner
            .try_claim_as(token, domid)
            .map_err(|_| AgentError::Busy(entry.owner.owner_domid()))
    }

    /// Takes back whatever agent `token` holds; returns its agent id, which
    /// the caller then resets in the firmware.
    pub fn release(&self, token: usize) -> Option<u32> {
        self.entries
            .iter()
            .find(|e| e.smc_id() != 0 && e.owner.release_if(token))
            .map(Entry::agent_id)
    }

    /// The agent `token` holds, if any.
    pub fn held_by(&self, token: usize) -> Option<u32> {
        self.entries
            .iter()
            .find(|e| e.smc_id() != 0 && e.owner.is_owner(token))
            .map(Entry::agent_id)
    }

    /// The hint the holder of an agent keeps (in Xen, in its domain's
    /// `sci_data`) so that [`AgentTable::classify_hinted`] finds its entry
    /// without searching the table.
    pub fn hint_for(&self, token: usize) -> AgentHint {
        self.entries
            .iter()
            .position(|e| e.smc_id() != 0 && e.owner.is_owner(token))
            .map_or(AgentHint::NONE, |slot| AgentHint(slot.saturating_add(1)))
    }

    /// [`AgentTable::classify`] that first tries the entry `hint` names:
    /// the caller ringing its own agent's doorbell then costs the same
    /// whichever entry holds it. The hint only shortens the search: the
    /// entry must still have the doorbell and the caller as holder, and
    /// any other call (a stale or made-up hint included) is classified
    /// by the full search.
    #[inline]
    pub fn classify_hinted(&self, caller_token: usize, hint: AgentHint, x0: u64) -> CallDecision {
        let id = FunctionId::from_x0(x0).0;
        if let Some(entry) = hint.0.checked_sub(1).and_then(|i| self.entries.get(i)) {
            if id != 0 && entry.smc_id() == id && entry.owner.is_owner(caller_token) {
                return CallDecision::Forward;
            }
        }
        self.classify(caller_token, x0)
    }

    /// Classifies a trapped SMC: only the holder of an agent may ring its
    /// doorbell, and nobody may ring Xen's. `x0` is the caller's whole
    /// register; only w0 names the function.
    pub fn classify(&self, caller_token: usize, x0: u64) -> CallDecision {
        let id = FunctionId::from_x0(x0).0;
        if id == 0 {
            return CallDecision::NotOurs;
        }
        if id == self.privileged_smc.load(Ordering::Acquire) {
            return CallDecision::Refused;
        }
        match self.entries.iter().find(|e| e.smc_id() == id) {
            None => CallDecision::NotOurs,
            Some(e) if e.owner.is_owner(caller_token) => CallDecision::Forward,
            Some(_) => CallDecision::Refused,
        }
    }
}
