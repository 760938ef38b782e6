//! The Base protocol messages Xen sends over its own (privileged) channel
//! to manage the domain agents, and the shared-memory transport that
//! carries them (SCMI's SMC transport: the layout Linux and the firmware
//! use, the SMC being the doorbell).
//!
//! The channel is reached through [`Channel`], so the exchange is tested
//! on the host with a byte array; the FFI implements it over the mapped
//! page with volatile accesses.

use core::ffi::CStr;

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
bitflags::bitflags! {
    /// The channel's `channel_status` word.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct ChannelStatus: u32 {
        /// The platform is done with the channel: the agent may write.
        const FREE = 1 << 0;
        /// The platform hit an error on the channel.
        const ERROR = 1 << 1;
    }

    /// The flags of `BASE_SET_DEVICE_PERMISSIONS`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct DevicePermissions: u32 {
        /// Allow the agent the device (clear: deny it).
        const ALLOW = 1 << 0;
    }

    /// The flags of `BASE_RESET_AGENT_CONFIGURATION`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct ResetFlags: u32 {
        /// Reset the agent's permissions too.
        const PERMISSIONS = 1 << 0;
    }
}

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

    /// The status's name in the SCMI specification, for a log line.
    pub fn name(self) -> &'static CStr {
        match self.0 {
            -1 => c"NOT_SUPPORTED",
            -2 => c"INVALID_PARAMETERS",
            -3 => c"DENIED",
            -4 => c"NOT_FOUND",
            -5 => c"OUT_OF_RANGE",
            -6 => c"BUSY",
            -7 => c"COMMS_ERROR",
            -8 => c"GENERIC_ERROR",
            -9 => c"HARDWARE_ERROR",
            -10 => c"PROTOCOL_ERROR",
            -11 => c"IN_USE",
            _ => c"an unknown status",
        }
    }
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
    /// The doorbell SMC itself failed: its x0 was not 0 (SMCCC's
    /// NOT_SUPPORTED for an id the firmware does not serve).
    Doorbell,
}

impl ChannelError {
    /// What went wrong, in a few words for a log line (`%s`).
    pub fn reason(self) -> &'static CStr {
        match self {
            ChannelError::Busy => c"channel busy",
            ChannelError::NoResponse => c"no answer",
            ChannelError::Malformed => c"malformed answer",
            ChannelError::Status(status) => status.name(),
            ChannelError::Doorbell => c"doorbell failed",
        }
    }
}

/// What `BASE_DISCOVER_AGENT` for an agent id the host tree lists came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// The firmware knows the agent.
    Confirmed,
    /// The firmware answered NOT_FOUND: no such agent.
    Unknown,
    /// Anything else: why, for the line.
    Failed(&'static CStr),
}

/// Reads the firmware's `answer` to `BASE_DISCOVER_AGENT` for agent `id`.
pub fn confirm_agent(id: u32, answer: Result<u32, ChannelError>) -> Confirmation {
    match answer {
        Ok(found) if found == id => Confirmation::Confirmed,
        Ok(_) => Confirmation::Failed(c"answer names another agent"),
        Err(ChannelError::Status(ScmiStatus::NOT_FOUND)) => Confirmation::Unknown,
        Err(err) => Confirmation::Failed(err.reason()),
    }
}

/// Xen's side of a channel that only it sends on, one exchange at a time:
/// whether the firmware kept the last message.
///
/// On the SMC transport the firmware is done with a message when the
/// doorbell SMC returns, answered or not. A channel the firmware did not
/// hand back is therefore not in use: the next exchange takes it back
/// instead of failing as [`ChannelError::Busy`] for ever (one unanswered
/// message would otherwise cost Xen every later one). A channel that is
/// not free for any other reason stays refused.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sender {
    unanswered: bool,
}

impl Sender {
    /// A channel that has carried nothing yet.
    pub const fn new() -> Self {
        Sender { unanswered: false }
    }

    /// [`BaseRequest::exchange`], taking the channel back if the previous
    /// message sent through `self` got no answer.
    pub fn send<C, R>(
        &mut self,
        request: BaseRequest,
        channel: &mut C,
        ring: R,
    ) -> Result<u32, ChannelError>
    where
        C: Channel + ?Sized,
        R: FnOnce(&mut C) -> u64,
    {
        let result = request.exchange_on(channel, self.unanswered, ring);
        self.unanswered = result == Err(ChannelError::NoResponse);
        result
    }
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
            } => {
                let flags = if allow {
                    DevicePermissions::ALLOW
                } else {
                    DevicePermissions::empty()
                };
                (SET_DEVICE_PERMISSIONS, [agent, device, flags.bits()], 3)
            }
            BaseRequest::ResetAgentConfiguration { agent } => (
                RESET_AGENT_CONFIGURATION,
                [agent, ResetFlags::PERMISSIONS.bits(), 0],
                2,
            ),
        }
    }

    /// Sends the request over `channel`, rings the doorbell with `ring`
    /// (the SMC, which returns its x0; the SMC transport is synchronous, so
    /// the answer is there when it returns) and returns the first word
    /// after the status (the agent id for [`BaseRequest::DiscoverAgent`],
    /// 0 when there is none).
    pub fn exchange<C, R>(&self, channel: &mut C, ring: R) -> Result<u32, ChannelError>
    where
        C: Channel + ?Sized,
        R: FnOnce(&mut C) -> u64,
    {
        self.exchange_on(channel, false, ring)
    }

    /// [`BaseRequest::exchange`]; with `reclaim`, a channel that is not
    /// free is taken back (see [`Sender`]).
    fn exchange_on<C, R>(
        &self,
        channel: &mut C,
        reclaim: bool,
        ring: R,
    ) -> Result<u32, ChannelError>
    where
        C: Channel + ?Sized,
        R: FnOnce(&mut C) -> u64,
    {
        let status =
            |channel: &mut C| ChannelStatus::from_bits_retain(channel.read(CHANNEL_STATUS));
        if !reclaim && !status(channel).contains(ChannelStatus::FREE) {
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
        if ring(channel) != 0 {
            return Err(ChannelError::Doorbell);
        }
        let after = status(channel);
        if !after.contains(ChannelStatus::FREE) || after.contains(ChannelStatus::ERROR) {
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
