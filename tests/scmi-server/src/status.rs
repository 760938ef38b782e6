//! SCMI status codes (DEN0056, "Status codes"), returned as the first word of
//! every response payload.

/// A status code as carried on the wire (a signed 32-bit integer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Status {
    /// The command completed.
    Success = 0,
    /// The protocol or message is not implemented.
    NotSupported = -1,
    /// A parameter is malformed or outside what the command accepts.
    InvalidParameters = -2,
    /// The agent may not do this.
    Denied = -3,
    /// The named entity (clock, domain, agent, message) does not exist.
    NotFound = -4,
    /// A value lies outside the supported range.
    OutOfRange = -5,
    /// The platform cannot take the command now.
    Busy = -6,
    /// The message could not be read from the channel.
    CommsError = -7,
    /// Any other failure.
    GenericError = -8,
    /// The hardware failed.
    HardwareError = -9,
    /// The message is not well formed (for example too short).
    ProtocolError = -10,
}

impl Status {
    /// The status as the unsigned word written into the channel.
    pub const fn to_word(self) -> u32 {
        self as i32 as u32
    }
}
