//! The agents Xen hands out, who holds each, and which SMCs each holder
//! may issue.

use core::sync::atomic::{AtomicU32, Ordering};

use crate::call::CallDecision;
use crate::owner::OwnerSlot;
use crate::smccc::FunctionId;

/// Most domain agents the table holds. Real platforms describe a handful;
/// the bound keeps the table a fixed-size `static`.
pub const MAX_AGENTS: usize = 8;

/// One domain agent: its SCMI agent id and doorbell, and who holds it.
/// An entry with a zero `smc_id` is unused (0 is never a fast call, which
/// [`AgentTable::add`] requires).
#[derive(Debug)]
struct Entry {
    agent_id: AtomicU32,
    smc_id: AtomicU32,
    owner: OwnerSlot,
}

impl Entry {
    const fn new() -> Self {
        Entry {
            agent_id: AtomicU32::new(0),
            smc_id: AtomicU32::new(0),
            owner: OwnerSlot::new(),
        }
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
    /// No such agent was described at boot (-ENOENT).
    Unknown,
    /// The privileged agent, which only Xen uses (-EPERM).
    Privileged,
    /// Another domain holds the agent (-EEXIST); its domain id (log only).
    Busy(u16),
}

/// The privileged agent's doorbell and the domain agents.
#[derive(Debug)]
pub struct AgentTable {
    privileged_id: AtomicU32,
    privileged_smc: AtomicU32,
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
            entries: [EMPTY; MAX_AGENTS],
        }
    }

    /// Records Xen's own agent: its id (as the firmware reported it) and
    /// doorbell. Boot only, before any [`AgentTable::add`].
    pub fn set_privileged(&self, agent_id: u32, smc_id: FunctionId) {
        self.privileged_id.store(agent_id, Ordering::Relaxed);
        self.privileged_smc.store(smc_id.0, Ordering::Release);
    }

    /// Adds a domain agent. Boot only: entries are never removed.
    pub fn add(&self, agent_id: u32, smc_id: FunctionId) -> Result<(), AgentError> {
        if !smc_id.is_fast() || !smc_id.is_sip() {
            return Err(AgentError::BadSmcId);
        }
        if agent_id == self.privileged_id.load(Ordering::Relaxed)
            || smc_id.0 == self.privileged_smc.load(Ordering::Acquire)
            || self
                .entries
                .iter()
                .any(|e| e.smc_id() != 0 && (e.agent_id() == agent_id || e.smc_id() == smc_id.0))
        {
            return Err(AgentError::Duplicate);
        }
        let free = self
            .entries
            .iter()
            .find(|e| e.smc_id() == 0)
            .ok_or(AgentError::Full)?;
        free.agent_id.store(agent_id, Ordering::Relaxed);
        free.smc_id.store(smc_id.0, Ordering::Release);
        Ok(())
    }

    /// Whether any domain agent was described: multi-agent mode.
    pub fn is_multi_agent(&self) -> bool {
        self.entries.iter().any(|e| e.smc_id() != 0)
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
