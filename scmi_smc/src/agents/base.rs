//! The Base protocol messages Xen sends over its own (privileged) channel
//! to manage the domain agents, and the shared-memory transport that
//! carries them (SCMI's SMC transport: the layout Linux and the firmware
//! use, the SMC being the doorbell).
//!
//! The channel is reached through [`Channel`], so the exchange is tested
//! on the host with a byte array; the FFI implements it over the mapped
//! page with volatile accesses.

/// Protocol id of the Base protocol.
pub const BASE_PROTOCOL: u32 = 0x10;
/// `BASE_DISCOVER_AGENT`: an agent's id and name.
pub const DISCOVER_AGENT: u32 = 0x7;
/// `BASE_SET_DEVICE_PERMISSIONS`: allow or deny an agent a device.
pub const SET_DEVICE_PERMISSIONS: u32 = 0x9;
/// `BASE_RESET_AGENT_CONFIGURATION`: back to the reset state.
pub const RESET_AGENT_CONFIGURATION: u32 = 0xb;

/// Offsets in the channel (32-bit words of the shared memory area).
const CHANNEL_STATUS: usize = 0x04;
const FLAGS: usize = 0x10;
const LENGTH: usize = 0x14;
const HEADER: usize = 0x18;
const PAYLOAD: usize = 0x1c;
/// The bytes of a channel the exchange touches: the header area and three
/// parameter words. A smaller channel cannot carry Xen's messages.
pub const MIN_CHANNEL_SIZE: u64 = 0x28;
/// `channel_status` bits: the platform is done with the channel; it hit
/// an error.
const CHANNEL_FREE: u32 = 1 << 0;
const CHANNEL_ERROR: u32 = 1 << 1;

/// The shared memory of one channel, 32 bits at a time. Offsets are
/// multiples of 4 below [`MIN_CHANNEL_SIZE`].
pub trait Channel {
    /// Reads the word at `offset`.
    fn read(&mut self, offset: usize) -> u32;
    /// Writes the word at `offset`.
    fn write(&mut self, offset: usize, value: u32);
}

/// An SCMI status other than SUCCESS, as the firmware answered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScmiStatus(pub i32);

impl ScmiStatus {
    /// `DENIED`.
    pub const DENIED: ScmiStatus = ScmiStatus(-3);
    /// `NOT_FOUND`.
    pub const NOT_FOUND: ScmiStatus = ScmiStatus(-4);
}

/// Why a management exchange did not give an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelError {
    /// The channel was not free when Xen wanted to send.
    Busy,
    /// The firmware did not hand the channel back, or flagged an error.
    NoResponse,
    /// The answer was not a response to what was sent, or too short.
    Malformed,
    /// The firmware answered with an error status.
    Status(ScmiStatus),
}

/// A Base protocol command Xen sends as the privileged agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseRequest {
    /// Asks for agent `agent`'s id (0xffffffff: the caller's own).
    DiscoverAgent {
        /// The agent asked about.
        agent: u32,
    },
    /// Allows (or denies) agent `agent` the device `device`.
    SetDevicePermissions {
        /// The agent.
        agent: u32,
        /// The firmware's device id.
        device: u32,
        /// Allow (true) or deny.
        allow: bool,
    },
    /// Puts agent `agent` back in its reset state, its permissions too.
    ResetAgentConfiguration {
        /// The agent.
        agent: u32,
    },
}

impl BaseRequest {
    /// The message id, its parameters and how many of them there are.
    fn encode(&self) -> (u32, [u32; 3], u32) {
        match *self {
            BaseRequest::DiscoverAgent { agent } => (DISCOVER_AGENT, [agent, 0, 0], 1),
            BaseRequest::SetDevicePermissions {
                agent,
                device,
                allow,
            } => (SET_DEVICE_PERMISSIONS, [agent, device, u32::from(allow)], 3),
            // Flag bit 0: reset the permissions as well.
            BaseRequest::ResetAgentConfiguration { agent } => {
                (RESET_AGENT_CONFIGURATION, [agent, 1, 0], 2)
            }
        }
    }

    /// Sends the request over `channel`, rings the doorbell with `ring`
    /// (the SMC; the SMC transport is synchronous, so the answer is there
    /// when it returns) and returns the first word after the status (the
    /// agent id for [`BaseRequest::DiscoverAgent`], 0 when there is none).
    pub fn exchange<C, R>(&self, channel: &mut C, ring: R) -> Result<u32, ChannelError>
    where
        C: Channel + ?Sized,
        R: FnOnce(&mut C),
    {
        if channel.read(CHANNEL_STATUS) & CHANNEL_FREE == 0 {
            return Err(ChannelError::Busy);
        }
        let (message, params, count) = self.encode();
        // Message id in bits 7:0, type 0 (command), protocol in 17:10,
        // token 0: Xen has one exchange in flight at a time.
        let header = message | (BASE_PROTOCOL << 10);
        channel.write(FLAGS, 0);
        let mut offset = PAYLOAD;
        let mut length = 4u32;
        for value in params.iter().take(count as usize) {
            channel.write(offset, *value);
            offset = offset.saturating_add(4);
            length = length.saturating_add(4);
        }
        // The length counts the header and the parameters.
        channel.write(LENGTH, length);
        channel.write(HEADER, header);
        channel.write(CHANNEL_STATUS, 0);
        ring(channel);
        let status = channel.read(CHANNEL_STATUS);
        if status & CHANNEL_FREE == 0 || status & CHANNEL_ERROR != 0 {
            return Err(ChannelError::NoResponse);
        }
        let length = channel.read(LENGTH);
        if channel.read(HEADER) != header || length < 8 {
            return Err(ChannelError::Malformed);
        }
        match channel.read(PAYLOAD) as i32 {
            0 if length >= 12 => Ok(channel.read(PAYLOAD + 4)),
            0 => Ok(0),
            error => Err(ChannelError::Status(ScmiStatus(error))),
        }
    }
}
