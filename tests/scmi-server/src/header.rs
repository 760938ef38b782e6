//! The 32-bit SCMI message header (DEN0056, "Message header format").
//!
//! Bits `[7:0]` message id, `[9:8]` message type, `[17:10]` protocol id,
//! `[27:18]` token, `[31:28]` reserved.

/// What a message is, from bits `[9:8]` of the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageType {
    /// A command from the agent; the only type an agent may send.
    Command,
    /// A delayed response (platform to agent only).
    DelayedResponse,
    /// A notification (platform to agent only).
    Notification,
    /// The reserved encoding 3.
    Reserved,
}

/// A decoded message header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageHeader {
    /// Message id within the protocol.
    pub message_id: u8,
    /// Message type.
    pub message_type: MessageType,
    /// Protocol id (0x10 Base, 0x14 Clock, 0x16 Reset domain, ...).
    pub protocol_id: u8,
    /// Sequence token chosen by the agent (10 bits).
    pub token: u16,
}

impl MessageHeader {
    /// Decodes a header word; reserved bits are ignored.
    pub const fn from_word(word: u32) -> Self {
        let message_type = match (word >> 8) & 0x3 {
            0 => MessageType::Command,
            1 => MessageType::DelayedResponse,
            2 => MessageType::Notification,
            _ => MessageType::Reserved,
        };
        Self {
            message_id: (word & 0xff) as u8,
            message_type,
            protocol_id: ((word >> 10) & 0xff) as u8,
            token: ((word >> 18) & 0x3ff) as u16,
        }
    }

    /// Encodes the header into its word (tokens wider than 10 bits are cut).
    pub const fn to_word(self) -> u32 {
        let ty = match self.message_type {
            MessageType::Command => 0,
            MessageType::DelayedResponse => 1,
            MessageType::Notification => 2,
            MessageType::Reserved => 3,
        };
        self.message_id as u32
            | (ty << 8)
            | ((self.protocol_id as u32) << 10)
            | (((self.token as u32) & 0x3ff) << 18)
    }

    /// A command header, as an agent (or a test) builds it.
    pub const fn command(protocol_id: u8, message_id: u8, token: u16) -> Self {
        Self {
            message_id,
            message_type: MessageType::Command,
            protocol_id,
            token,
        }
    }
}
