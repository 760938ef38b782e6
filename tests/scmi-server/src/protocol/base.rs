//! The Base protocol (0x10), version 2.0: discovery of the platform, its
//! protocols and its agents. The three messages with which the privileged
//! agent manages the others live in [`super::agent_admin`].

use super::{
    message_attributes, PROTOCOL_ATTRIBUTES, PROTOCOL_MESSAGE_ATTRIBUTES, PROTOCOL_VERSION,
};
use crate::agents::{AgentId, Agents};
use crate::message::{Params, Reply};
use crate::platform;
use crate::status::Status;

/// Version 2.0 (SCMI 3.x): adds BASE_DISCOVER_AGENT and the permission
/// messages to 1.0.
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
/// BASE_SET_DEVICE_PERMISSIONS.
pub const SET_DEVICE_PERMISSIONS: u8 = 0x9;
/// BASE_SET_PROTOCOL_PERMISSIONS.
pub const SET_PROTOCOL_PERMISSIONS: u8 = 0xa;
/// BASE_RESET_AGENT_CONFIGURATION.
pub const RESET_AGENT_CONFIGURATION: u8 = 0xb;

/// The messages this implementation answers (BASE_NOTIFY_ERRORS, 0x8, is
/// not one: there are no errors to notify). The permission messages are
/// listed for every agent, as they are implemented; only the privileged
/// agent gets more than DENIED from them.
pub const MESSAGES: [u8; 11] = [
    PROTOCOL_VERSION,
    PROTOCOL_ATTRIBUTES,
    PROTOCOL_MESSAGE_ATTRIBUTES,
    DISCOVER_VENDOR,
    DISCOVER_SUB_VENDOR,
    DISCOVER_IMPLEMENTATION_VERSION,
    DISCOVER_LIST_PROTOCOLS,
    DISCOVER_AGENT,
    SET_DEVICE_PERMISSIONS,
    SET_PROTOCOL_PERMISSIONS,
    RESET_AGENT_CONFIGURATION,
];

/// BASE_DISCOVER_AGENT's agent id meaning "the agent asking".
pub const AGENT_ID_SELF: u32 = 0xffff_ffff;

/// Handles one Base protocol discovery command from `caller`, one of
/// `agents`.
pub fn handle(
    agents: &Agents,
    caller: AgentId,
    message_id: u8,
    params: &Params,
    reply: &mut Reply,
) -> Result<(), Status> {
    match message_id {
        PROTOCOL_VERSION => reply.push(VERSION),
        PROTOCOL_ATTRIBUTES => {
            // Bits [15:8] number of agents (the platform not counted),
            // [7:0] number of protocols other than Base.
            let protocols = super::IMPLEMENTED.len() as u32;
            reply.push(((agents.count() as u32) << 8) | protocols)
        }
        PROTOCOL_MESSAGE_ATTRIBUTES => message_attributes(&MESSAGES, params, reply),
        DISCOVER_VENDOR => reply.push_name(platform::VENDOR),
        DISCOVER_SUB_VENDOR => reply.push_name(platform::SUB_VENDOR),
        DISCOVER_IMPLEMENTATION_VERSION => reply.push(platform::IMPLEMENTATION_VERSION),
        DISCOVER_LIST_PROTOCOLS => list_protocols(params, reply),
        DISCOVER_AGENT => discover_agent(agents, caller, params, reply),
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

/// BASE_DISCOVER_AGENT: agent 0 is the platform, 1 to N the served
/// agents, and 0xffffffff the caller.
fn discover_agent(
    agents: &Agents,
    caller: AgentId,
    params: &Params,
    reply: &mut Reply,
) -> Result<(), Status> {
    let (id, name) = match params.get(0)? {
        0 => (0, platform::PLATFORM_AGENT_NAME),
        asked => {
            let agent = if asked == AGENT_ID_SELF {
                caller
            } else {
                agents.lookup(asked).ok_or(Status::NotFound)?
            };
            (agent.id(), agents.name(agent).ok_or(Status::NotFound)?)
        }
    };
    reply.push(id)?;
    reply.push_name(name)
}
