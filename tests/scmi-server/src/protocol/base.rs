//! The Base protocol (0x10), version 2.0: discovery of the platform, its
//! protocols and its agents.

use super::{
    message_attributes, PROTOCOL_ATTRIBUTES, PROTOCOL_MESSAGE_ATTRIBUTES, PROTOCOL_VERSION,
};
use crate::message::{Params, Reply};
use crate::platform;
use crate::status::Status;

/// Version 2.0 (SCMI 3.x): adds BASE_DISCOVER_AGENT to 1.0.
pub const VERSION: u32 = 0x0002_0000;

/// BASE_DISCOVER_VENDOR.
pub const DISCOVER_VENDOR: u8 = 0x3;
/// BASE_DISCOVER_SUB_VENDOR.
pub const DISCOVER_SUB_VENDOR: u8 = 0x4;
/// BASE_DISCOVER_IMPLEMENTATION_VERSION.
pub const DISCOVER_IMPLEMENTATION_VERSION: u8 = 0x5;
/// BASE_DISCOVER_LIST_PROTOCOLS.
pub const DISCOVER_LIST_PROTOCOLS: u8 = 0x6;
/// BASE_DISCOVER_AGENT.
pub const DISCOVER_AGENT: u8 = 0x7;

/// The messages this implementation answers.
pub const MESSAGES: [u8; 8] = [
    PROTOCOL_VERSION,
    PROTOCOL_ATTRIBUTES,
    PROTOCOL_MESSAGE_ATTRIBUTES,
    DISCOVER_VENDOR,
    DISCOVER_SUB_VENDOR,
    DISCOVER_IMPLEMENTATION_VERSION,
    DISCOVER_LIST_PROTOCOLS,
    DISCOVER_AGENT,
];

/// BASE_DISCOVER_AGENT's agent id meaning "the agent asking".
const AGENT_ID_SELF: u32 = 0xffff_ffff;

/// Handles one Base protocol command.
pub fn handle(message_id: u8, params: &Params, reply: &mut Reply) -> Result<(), Status> {
    match message_id {
        PROTOCOL_VERSION => reply.push(VERSION),
        PROTOCOL_ATTRIBUTES => {
            // Bits [15:8] number of agents, [7:0] number of protocols
            // other than Base.
            let protocols = super::IMPLEMENTED.len() as u32;
            reply.push((platform::NUM_AGENTS << 8) | protocols)
        }
        PROTOCOL_MESSAGE_ATTRIBUTES => message_attributes(&MESSAGES, params, reply),
        DISCOVER_VENDOR => reply.push_name(platform::VENDOR),
        DISCOVER_SUB_VENDOR => reply.push_name(platform::SUB_VENDOR),
        DISCOVER_IMPLEMENTATION_VERSION => reply.push(platform::IMPLEMENTATION_VERSION),
        DISCOVER_LIST_PROTOCOLS => list_protocols(params, reply),
        DISCOVER_AGENT => discover_agent(params, reply),
        _ => Err(Status::NotSupported),
    }
}

/// BASE_DISCOVER_LIST_PROTOCOLS: the protocol ids after the first `skip`,
/// packed four to a word, lowest byte first.
fn list_protocols(params: &Params, reply: &mut Reply) -> Result<(), Status> {
    let skip = params.get(0)?;
    let rest = usize::try_from(skip)
        .ok()
        .and_then(|skip| super::IMPLEMENTED.get(skip..))
        .ok_or(Status::InvalidParameters)?;
    reply.push(rest.len() as u32)?;
    for chunk in rest.chunks(4) {
        let mut word = [0u8; 4];
        for (byte, id) in word.iter_mut().zip(chunk) {
            *byte = *id;
        }
        reply.push(u32::from_le_bytes(word))?;
    }
    Ok(())
}

/// BASE_DISCOVER_AGENT: agent 0 is the platform, 1 the one agent, and
/// 0xffffffff the caller (agent 1).
fn discover_agent(params: &Params, reply: &mut Reply) -> Result<(), Status> {
    let (id, name) = match params.get(0)? {
        0 => (0, platform::PLATFORM_AGENT_NAME),
        AGENT_ID_SELF => (platform::CALLER_AGENT_ID, platform::AGENT_NAME),
        id if id == platform::CALLER_AGENT_ID => (id, platform::AGENT_NAME),
        _ => return Err(Status::NotFound),
    };
    reply.push(id)?;
    reply.push_name(name)
}
