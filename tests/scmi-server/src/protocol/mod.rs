//! The implemented protocols and what they share: ids, the three messages
//! every protocol has, and the PROTOCOL_MESSAGE_ATTRIBUTES answer.
//!
//! Each protocol module has a `handle` function that pushes the return
//! values (after the status word, which the server writes) and returns the
//! status on failure.

pub mod agent_admin;
pub mod base;
pub mod clock;
pub mod reset;

use crate::message::{Params, Reply};
use crate::status::Status;

/// Protocol id of the Base protocol.
pub const BASE: u8 = 0x10;
/// Protocol id of the Clock management protocol.
pub const CLOCK: u8 = 0x14;
/// Protocol id of the Reset domain management protocol.
pub const RESET: u8 = 0x16;

/// The protocols implemented besides Base, ascending, as
/// BASE_DISCOVER_LIST_PROTOCOLS reports them.
pub const IMPLEMENTED: [u8; 2] = [CLOCK, RESET];

/// PROTOCOL_VERSION: message 0 of every protocol.
pub const PROTOCOL_VERSION: u8 = 0x0;
/// PROTOCOL_ATTRIBUTES: message 1 of every protocol.
pub const PROTOCOL_ATTRIBUTES: u8 = 0x1;
/// PROTOCOL_MESSAGE_ATTRIBUTES: message 2 of every protocol.
pub const PROTOCOL_MESSAGE_ATTRIBUTES: u8 = 0x2;

/// PROTOCOL_MESSAGE_ATTRIBUTES for a protocol that implements the
/// `implemented` message ids: attributes 0 (no fast channels) for those,
/// NOT_FOUND for the others.
pub(crate) fn message_attributes(
    implemented: &[u8],
    params: &Params,
    reply: &mut Reply,
) -> Result<(), Status> {
    let asked = params.get(0)?;
    if implemented.iter().any(|&id| u32::from(id) == asked) {
        reply.push(0)
    } else {
        Err(Status::NotFound)
    }
}

/// Looks up `id` in a table of `len` entries, NOT_FOUND when it is out of
/// range. Ids come from the agent as 32-bit words.
pub(crate) fn index(id: u32, len: usize) -> Result<usize, Status> {
    usize::try_from(id)
        .ok()
        .filter(|&i| i < len)
        .ok_or(Status::NotFound)
}
