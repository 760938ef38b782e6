//! Domain creation when the host tree describes domain agents: a domain
//! gets the agent it names, if that agent exists, is not Xen's own and is
//! free (`docs/multi-agent.md`).

use super::{DomainInfo, InitOutcome, SciType, EEXIST, EINVAL, ENOENT, EOPNOTSUPP, EPERM};
use crate::agents::{AgentError, AgentTable};
use crate::log::{self, LogFormat};

/// A refused `domain_init` in multi-agent mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentInitError {
    /// Not a known `arm_sci_type` (-EINVAL).
    InvalidType(u8),
    /// `scmi_smc`: the single agent is Xen's now (-EOPNOTSUPP).
    SingleAgentType,
    /// No such agent is described (-ENOENT).
    Unknown(u8),
    /// Xen's own agent (-EPERM).
    Privileged(u8),
    /// Another domain holds the agent (-EEXIST); its domain id.
    Busy(u16),
}

impl AgentInitError {
    /// The negative errno `domain_init` returns.
    pub const fn errno(&self) -> i32 {
        match self {
            AgentInitError::InvalidType(_) => -EINVAL,
            AgentInitError::SingleAgentType => -EOPNOTSUPP,
            AgentInitError::Unknown(_) => -ENOENT,
            AgentInitError::Privileged(_) => -EPERM,
            AgentInitError::Busy(_) => -EEXIST,
        }
    }

    /// The line to print with the domain id and [`Self::log_arg`].
    pub fn log_line(&self) -> &'static LogFormat<log::Domain> {
        match self {
            AgentInitError::InvalidType(_) => &log::INIT_INVALID_TYPE,
            AgentInitError::SingleAgentType => &log::INIT_SINGLE_AGENT,
            AgentInitError::Unknown(_) => &log::INIT_AGENT_UNKNOWN,
            AgentInitError::Privileged(_) => &log::INIT_AGENT_XEN,
            AgentInitError::Busy(_) => &log::INIT_AGENT_BUSY,
        }
    }

    /// The line's second argument.
    pub const fn log_arg(&self) -> u64 {
        match *self {
            AgentInitError::InvalidType(value)
            | AgentInitError::Unknown(value)
            | AgentInitError::Privileged(value) => value as u64,
            AgentInitError::SingleAgentType => 0,
            AgentInitError::Busy(holder) => holder as u64,
        }
    }
}

/// The `domain_init` decision in multi-agent mode:
///
/// | requested | result |
/// |---|---|
/// | none | no SCMI (the hardware domain too: Xen's agent is Xen's) |
/// | scmi_smc | `SingleAgentType` |
/// | scmi_smc_multiagent | the agent `agent_id`, or why not |
pub fn domain_init_multi_agent(
    table: &AgentTable,
    dom: &DomainInfo,
    requested: u8,
    agent_id: u8,
) -> Result<InitOutcome, AgentInitError> {
    match SciType::from_raw(requested) {
        None => Err(AgentInitError::InvalidType(requested)),
        Some(SciType::None) => Ok(InitOutcome::NoScmi),
        Some(SciType::ScmiSmc) => Err(AgentInitError::SingleAgentType),
        Some(SciType::ScmiSmcMultiAgent) => table
            .claim(u32::from(agent_id), dom.token, dom.id)
            .map(|()| InitOutcome::Owner)
            .map_err(|err| match err {
                AgentError::Privileged => AgentInitError::Privileged(agent_id),
                AgentError::Busy(holder) => AgentInitError::Busy(holder),
                _ => AgentInitError::Unknown(agent_id),
            }),
    }
}
