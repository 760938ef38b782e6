//! Agents whose reset failed. When a domain is destroyed Xen asks the
//! firmware to reset its agent (`BASE_RESET_AGENT_CONFIGURATION`). If the
//! firmware did not confirm that, the agent may still carry the dying
//! domain's permissions and settings, so it is kept from every later
//! domain, each refused with a line, until Xen restarts; unless the
//! integrator asked for such agents to be reused anyway (the Xen option
//! `scmi-smc-reuse-unreset-agents`).
//!
//! Kept apart from the [`AgentTable`](super::AgentTable), whose entries
//! are fixed at boot: this is the only agent state a destroy adds.

use core::ffi::CStr;
use core::sync::atomic::{AtomicU64, Ordering};

use super::base::ChannelError;

/// One bit per SCMI agent id the firmware can name (0 to 255).
#[derive(Debug)]
pub struct UnresetAgents {
    bits: [AtomicU64; 4],
}

impl Default for UnresetAgents {
    fn default() -> Self {
        Self::new()
    }
}

/// What a destroy's reset came to, for its one log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetOutcome {
    /// The firmware reset the agent: the next domain may have it.
    Reset,
    /// It did not (why, for the line); the agent is kept from later
    /// domains.
    KeptBack(&'static CStr),
    /// It did not, and the integrator wants the agent reused anyway.
    Reused(&'static CStr),
}

impl UnresetAgents {
    /// No agent marked; usable in a `static`.
    pub const fn new() -> Self {
        UnresetAgents {
            bits: [
                AtomicU64::new(0),
                AtomicU64::new(0),
                AtomicU64::new(0),
                AtomicU64::new(0),
            ],
        }
    }

    fn word(&self, agent: u32) -> Option<(&AtomicU64, u64)> {
        let index = usize::try_from(agent / 64).ok()?;
        Some((self.bits.get(index)?, 1u64 << (agent % 64)))
    }

    /// Records the firmware's answer to the reset of `agent`, whose domain
    /// is being destroyed; `reuse` is the integrator's choice. Call it
    /// before the table releases the agent: a domain that claims the agent
    /// afterwards then sees the mark (see [`UnresetAgents::is_unreset`]).
    pub fn record(
        &self,
        agent: u32,
        reset: Result<u32, ChannelError>,
        reuse: bool,
    ) -> ResetOutcome {
        match reset {
            Ok(_) => ResetOutcome::Reset,
            Err(err) if reuse => ResetOutcome::Reused(err.reason()),
            Err(err) => {
                if let Some((word, bit)) = self.word(agent) {
                    word.fetch_or(bit, Ordering::Release);
                }
                ResetOutcome::KeptBack(err.reason())
            }
        }
    }

    /// Whether `agent`'s last reset failed and it is kept back. Checked
    /// after claiming the agent, so that a claim racing with the destroy
    /// that marks it cannot miss the mark: the mark is made before the
    /// release the claim had to wait for.
    pub fn is_unreset(&self, agent: u32) -> bool {
        self.word(agent)
            .is_some_and(|(word, bit)| word.load(Ordering::Acquire) & bit != 0)
    }
}
