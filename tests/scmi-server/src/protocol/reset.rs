//! The Reset domain management protocol (0x16), version 1.0.
//!
//! Why 1.0: later versions only add extended names (3.0), which Linux asks
//! for only when a domain advertises them; 1.0 is the smallest version
//! that says exactly what is implemented. Resets are synchronous only,
//! and notifications are not offered.

use super::{
    index, message_attributes, PROTOCOL_ATTRIBUTES, PROTOCOL_MESSAGE_ATTRIBUTES, PROTOCOL_VERSION,
};
use crate::message::{Params, Reply};
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

/// What the agent can change about one reset domain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResetState {
    /// Whether the reset signal is held asserted.
    pub asserted: bool,
    /// How many autonomous reset cycles were performed.
    pub cycles: u32,
}

/// The states of all domains, indexed like [`RESETS`].
pub type ResetStates = [ResetState; RESETS.len()];

/// The state of every domain at reset: deasserted.
pub const fn initial_states() -> ResetStates {
    [ResetState {
        asserted: false,
        cycles: 0,
    }; RESETS.len()]
}

/// Handles one Reset domain protocol command.
pub fn handle(
    states: &mut ResetStates,
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
        RESET => reset(states, params),
        _ => Err(Status::NotSupported),
    }
}

/// RESET: autonomous cycle, or explicit assert/deassert, of a domain.
fn reset(states: &mut ResetStates, params: &Params) -> Result<(), Status> {
    let id = params.get(0)?;
    let flags = params.get(1)?;
    let reset_state = params.get(2)?;
    let state = states
        .get_mut(index(id, RESETS.len())?)
        .ok_or(Status::NotFound)?;
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
        state.asserted = false;
        state.cycles = state.cycles.wrapping_add(1);
    } else {
        state.asserted = flags & FLAG_EXPLICIT_ASSERT != 0;
    }
    Ok(())
}
