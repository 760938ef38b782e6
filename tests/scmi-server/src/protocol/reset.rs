//! The Reset domain management protocol (0x16), version 1.0.
//!
//! Why 1.0: later versions only add extended names (3.0), which Linux asks
//! for only when a domain advertises them; 1.0 is the smallest version
//! that says exactly what is implemented. Resets are synchronous only,
//! and notifications are not offered.
//!
//! With several agents, an explicitly asserted reset is held by each agent
//! that asserted it and the signal stays asserted while any agent holds
//! it; an agent's deassert (or autonomous cycle) only drops its own hold.
//! RESET_DOMAIN_ATTRIBUTES describes the platform and answers any agent;
//! RESET answers DENIED to an agent without the domain's device (see
//! [`crate::permissions`]).

use super::RESET as RESET_PROTOCOL;
use super::{
    index, message_attributes, PROTOCOL_ATTRIBUTES, PROTOCOL_MESSAGE_ATTRIBUTES, PROTOCOL_VERSION,
};
use crate::agents::{AgentId, AgentSet};
use crate::devices::RESET_DEVICE;
use crate::message::{Params, Reply};
use crate::permissions::Caller;
use crate::platform::RESETS;
use crate::status::Status;

/// Reset domain protocol version 1.0.
pub const VERSION: u32 = 0x0001_0000;

/// RESET_DOMAIN_ATTRIBUTES.
pub const RESET_DOMAIN_ATTRIBUTES: u8 = 0x3;
/// RESET.
pub const RESET: u8 = 0x4;

/// The messages this implementation answers.
pub const MESSAGES: [u8; 5] = [
    PROTOCOL_VERSION,
    PROTOCOL_ATTRIBUTES,
    PROTOCOL_MESSAGE_ATTRIBUTES,
    RESET_DOMAIN_ATTRIBUTES,
    RESET,
];

/// RESET flag: the platform performs a whole reset cycle by itself.
pub const FLAG_AUTONOMOUS: u32 = 1 << 0;
/// RESET flag: explicit assert (set) or deassert (clear) of the signal.
pub const FLAG_EXPLICIT_ASSERT: u32 = 1 << 1;
/// RESET flag: asynchronous request (not supported here).
pub const FLAG_ASYNC: u32 = 1 << 2;

/// reset_state bit 31: an implementation-defined state (none exist here).
const RESET_STATE_IMPDEF: u32 = 1 << 31;
/// The only architectural reset state: cold reset.
const RESET_STATE_COLD: u32 = 0;

/// One reset domain as the hardware would show it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResetState {
    /// Whether the reset signal is held asserted.
    pub asserted: bool,
    /// How many autonomous reset cycles were performed.
    pub cycles: u32,
}

/// What the platform keeps about one reset domain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResetSlot {
    /// The agents holding the signal asserted.
    holders: AgentSet,
    /// How many autonomous reset cycles were performed.
    cycles: u32,
}

impl ResetSlot {
    /// The domain as the hardware would show it.
    pub const fn state(&self) -> ResetState {
        ResetState {
            asserted: !self.holders.is_empty(),
            cycles: self.cycles,
        }
    }
}

/// The slots of all domains, indexed like [`RESETS`].
pub type ResetStates = [ResetSlot; RESETS.len()];

/// The state of every domain at reset: deasserted.
pub const fn initial_states() -> ResetStates {
    [ResetSlot {
        holders: AgentSet::EMPTY,
        cycles: 0,
    }; RESETS.len()]
}

/// Handles one Reset domain protocol command from `caller`.
pub fn handle(
    states: &mut ResetStates,
    caller: &Caller<'_>,
    message_id: u8,
    params: &Params,
    reply: &mut Reply,
) -> Result<(), Status> {
    match message_id {
        PROTOCOL_VERSION => reply.push(VERSION),
        // Bits [15:0]: number of domains.
        PROTOCOL_ATTRIBUTES => reply.push(RESETS.len() as u32),
        PROTOCOL_MESSAGE_ATTRIBUTES => message_attributes(&MESSAGES, params, reply),
        RESET_DOMAIN_ATTRIBUTES => {
            let i = index(params.get(0)?, RESETS.len())?;
            let desc = RESETS.get(i).ok_or(Status::NotFound)?;
            // Attributes: no async support (bit 31), no notifications (30).
            reply.push(0)?;
            reply.push(desc.latency_us)?;
            reply.push_name(desc.name)
        }
        RESET => reset(states, caller, params),
        _ => Err(Status::NotSupported),
    }
}

/// Drops every hold `agent` has on a reset signal (for
/// BASE_RESET_AGENT_CONFIGURATION).
pub fn forget_agent(states: &mut ResetStates, agent: AgentId) {
    for slot in states.iter_mut() {
        slot.holders.set(agent, false);
    }
}

/// RESET: autonomous cycle, or explicit assert/deassert, of a domain.
fn reset(states: &mut ResetStates, caller: &Caller<'_>, params: &Params) -> Result<(), Status> {
    let id = params.get(0)?;
    let flags = params.get(1)?;
    let reset_state = params.get(2)?;
    let i = index(id, RESETS.len())?;
    let device = RESET_DEVICE.get(i).copied().ok_or(Status::NotFound)?;
    if !caller.may_use(RESET_PROTOCOL, device) {
        return Err(Status::Denied);
    }
    let slot = states.get_mut(i).ok_or(Status::NotFound)?;
    if flags & !(FLAG_AUTONOMOUS | FLAG_EXPLICIT_ASSERT | FLAG_ASYNC) != 0 {
        return Err(Status::InvalidParameters);
    }
    if flags & FLAG_ASYNC != 0 {
        return Err(Status::NotSupported);
    }
    if flags & FLAG_AUTONOMOUS != 0 && flags & FLAG_EXPLICIT_ASSERT != 0 {
        return Err(Status::InvalidParameters);
    }
    if reset_state & RESET_STATE_IMPDEF != 0 || reset_state != RESET_STATE_COLD {
        return Err(Status::InvalidParameters);
    }
    if flags & FLAG_AUTONOMOUS != 0 {
        slot.holders.set(caller.agent, false);
        slot.cycles = slot.cycles.wrapping_add(1);
    } else {
        slot.holders
            .set(caller.agent, flags & FLAG_EXPLICIT_ASSERT != 0);
    }
    Ok(())
}
