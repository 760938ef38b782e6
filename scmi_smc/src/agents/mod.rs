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
mod dt;
mod table;

pub use access::{device_of, AccessError};
pub use base::{
    BaseRequest, Channel, ChannelError, ScmiStatus, BASE_PROTOCOL, DISCOVER_AGENT,
    MIN_CHANNEL_SIZE, RESET_AGENT_CONFIGURATION, SET_DEVICE_PERMISSIONS,
};
pub use dt::{for_each_agent, AgentNodeError};
pub use table::{AgentError, AgentTable, MAX_AGENTS};
