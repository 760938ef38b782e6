//! Multi-agent SCMI: the firmware serves several agents, each with its own
//! channel and SMC function id; Xen keeps the privileged one (the agent of
//! the `arm,scmi-smc` node it probed) and gives each other agent to at most
//! one domain (see `docs/multi-agent.md`).
//!
//! The table is filled once at boot from the host tree and never changes
//! after; each entry's owner is an [`OwnerSlot`](crate::OwnerSlot), so claiming and releasing
//! an agent follow the same rules as single-agent ownership.

mod access;
mod base;
mod binding;
mod table;
mod unreset;

pub use access::device_of;
pub use base::{
    confirm_agent, BaseRequest, Channel, ChannelError, Confirmation, ScmiStatus, Sender,
    BASE_PROTOCOL, DISCOVER_AGENT, MIN_CHANNEL_SIZE, RESET_AGENT_CONFIGURATION,
    SET_DEVICE_PERMISSIONS,
};
pub use binding::{
    container_of, dom0_agent, for_each_secondary_agent, is_domain_agent_id, Dom0Agent, EntryError,
    SecondaryAgent, MAX_SECONDARY_AGENTS, SCI_COMPATIBLE,
};
pub use table::{AgentError, AgentHint, AgentTable, MAX_AGENTS};
pub use unreset::{ResetOutcome, UnresetAgents};
