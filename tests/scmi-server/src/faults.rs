//! Misbehaving on purpose: a scenario can tell the platform to answer
//! some Base messages wrongly, to show what the agent (Xen) does about it.
//!
//! A rule names a Base message id, the agent id its first parameter must
//! carry (the agent a `BASE_DISCOVER_AGENT` or
//! `BASE_RESET_AGENT_CONFIGURATION` is about), and the fault. A message a
//! rule matches is not carried out; the channel gets the fault instead:
//!
//! | fault | what the agent finds |
//! |---|---|
//! | `no-answer` | nothing: the channel stays with the platform (not free), as the agent left it |
//! | an SCMI error (`not-supported`, `invalid-parameters`, `denied`, `not-found`, `out-of-range`, `busy`, `comms-error`, `generic-error`, `hardware-error`, `protocol-error`) | that status, alone |
//! | `bad-length` | SUCCESS and the agent id, but a length covering the header alone |
//! | `bad-token` | SUCCESS and the agent id under the header with another token |
//! | `bad-protocol` | SUCCESS and the agent id under the header with another protocol id (Clock's) |
//!
//! Written as text, one rule a string: `"<message> <agent> <fault>"`,
//! `<message>` being `discover-agent` (0x7) or `reset-agent` (0xB).

use crate::header::{MessageHeader, MessageType};
use crate::protocol;
use crate::shmem::{self, SharedMemory};
use crate::status::Status;

/// What the platform does instead of answering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Leaves the channel as the agent handed it over.
    NoAnswer,
    /// Answers with this status (an error).
    Status(Status),
    /// A reply whose length does not even cover the status.
    BadLength,
    /// A reply under another token.
    BadToken,
    /// A reply under another protocol's header.
    BadProtocol,
}

/// One rule: Base message `message` about agent `agent` gets `fault`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaultRule {
    /// Base protocol message id.
    pub message: u8,
    /// The message's first parameter.
    pub agent: u32,
    /// What happens instead of the answer.
    pub fault: Fault,
}

/// The names of the faults, as rules write them.
const FAULT_NAMES: [(&str, Fault); 14] = [
    ("no-answer", Fault::NoAnswer),
    ("bad-length", Fault::BadLength),
    ("bad-token", Fault::BadToken),
    ("bad-protocol", Fault::BadProtocol),
    ("not-supported", Fault::Status(Status::NotSupported)),
    (
        "invalid-parameters",
        Fault::Status(Status::InvalidParameters),
    ),
    ("denied", Fault::Status(Status::Denied)),
    ("not-found", Fault::Status(Status::NotFound)),
    ("out-of-range", Fault::Status(Status::OutOfRange)),
    ("busy", Fault::Status(Status::Busy)),
    ("comms-error", Fault::Status(Status::CommsError)),
    ("generic-error", Fault::Status(Status::GenericError)),
    ("hardware-error", Fault::Status(Status::HardwareError)),
    ("protocol-error", Fault::Status(Status::ProtocolError)),
];

impl FaultRule {
    /// Reads `"<message> <agent> <fault>"`; `None` if it is not one.
    pub fn parse(text: &str) -> Option<Self> {
        let mut words = text.split_ascii_whitespace();
        let message = match words.next()? {
            "discover-agent" => protocol::base::DISCOVER_AGENT,
            "reset-agent" => protocol::base::RESET_AGENT_CONFIGURATION,
            _ => return None,
        };
        let agent = words.next()?.parse().ok()?;
        let name = words.next()?;
        let fault = FAULT_NAMES.iter().find(|(n, _)| *n == name)?.1;
        words.next().is_none().then_some(FaultRule {
            message,
            agent,
            fault,
        })
    }
}

/// Most rules a platform keeps.
pub const MAX_FAULTS: usize = 24;

/// The rules, and how often each struck.
#[derive(Clone, Debug)]
pub struct Faults {
    rules: [Option<FaultRule>; MAX_FAULTS],
    hits: [u64; MAX_FAULTS],
}

impl Default for Faults {
    fn default() -> Self {
        Self::new()
    }
}

impl Faults {
    /// No rule: the platform behaves.
    pub const fn new() -> Self {
        Self {
            rules: [None; MAX_FAULTS],
            hits: [0; MAX_FAULTS],
        }
    }

    /// Adds `rule`; false when there is no room left.
    pub fn add(&mut self, rule: FaultRule) -> bool {
        match self.rules.iter_mut().find(|r| r.is_none()) {
            Some(free) => {
                *free = Some(rule);
                true
            }
            None => false,
        }
    }

    /// Each rule with the number of messages it struck.
    pub fn hits(&self) -> impl Iterator<Item = (FaultRule, u64)> + '_ {
        self.rules
            .iter()
            .zip(self.hits.iter())
            .filter_map(|(rule, hits)| rule.map(|r| (r, *hits)))
    }

    /// The fault for the message the agent left in `mem`, if a rule
    /// matches it (counted as a hit).
    pub(crate) fn strike<M: SharedMemory + ?Sized>(&mut self, mem: &M) -> Option<Fault> {
        let header = MessageHeader::from_word(mem.read_u32(shmem::HEADER)?);
        if header.protocol_id != protocol::BASE || header.message_type != MessageType::Command {
            return None;
        }
        let first = mem.read_u32(shmem::PAYLOAD)?;
        let index = self.rules.iter().position(|rule| {
            rule.is_some_and(|r| r.message == header.message_id && r.agent == first)
        })?;
        let rule = self.rules.get(index).copied().flatten()?;
        if let Some(hits) = self.hits.get_mut(index) {
            *hits = hits.wrapping_add(1);
        }
        Some(rule.fault)
    }
}

/// Puts `fault` in the channel in place of the answer to the message there
/// (about agent `agent`).
pub(crate) fn apply<M: SharedMemory + ?Sized>(mem: &mut M, fault: Fault, agent: u32) {
    let header = mem.read_u32(shmem::HEADER).unwrap_or(0);
    let success = [Status::Success.to_word(), agent];
    let (header, payload, length): (u32, &[u32], u32) = match fault {
        Fault::NoAnswer => return,
        Fault::Status(status) => (header, &[status.to_word()], 8),
        Fault::BadLength => (header, &success, 4),
        // The token is bits 27:18, the protocol bits 17:10.
        Fault::BadToken => (header ^ (1 << 18), &success, 12),
        Fault::BadProtocol => (
            (header & !(0xff << 10)) | (u32::from(protocol::CLOCK) << 10),
            &success,
            12,
        ),
    };
    for (i, word) in payload.iter().enumerate() {
        let _ = mem.write_u32(shmem::PAYLOAD + 4 * i, *word);
    }
    let _ = mem.write_u32(shmem::HEADER, header);
    let _ = mem.write_u32(shmem::LENGTH, length);
    let _ = mem.write_u32(shmem::STATUS, shmem::STATUS_FREE);
}
