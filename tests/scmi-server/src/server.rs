//! One channel's worth of SCMI platform: take the message the agent left in
//! the channel, answer it in place, hand the channel back.

use crate::header::{MessageHeader, MessageType};
use crate::message::{Params, Reply, MAX_PARAMS};
use crate::protocol::{self, base, clock, reset};
use crate::shmem::{self, SharedMemory};
use crate::status::Status;

/// What [`Server::process`] found in the channel and did about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The channel-free bit was set: the agent had not handed a message
    /// over, so the channel was left exactly as it was.
    NotOwned,
    /// The channel is too small to hold a header and a status word; only
    /// the free bit was set (if the status word exists at all).
    ChannelTooSmall,
    /// The length field did not describe a message inside the channel; the
    /// reply is COMMS_ERROR with the channel-error bit set.
    BadLength,
    /// The message was answered with this status.
    Answered(Status),
}

impl Outcome {
    /// Whether the agent got anything other than a successful answer.
    pub fn is_error(self) -> bool {
        self != Outcome::Answered(Status::Success)
    }
}

/// The platform's state: what the agent has set on clocks and resets.
#[derive(Clone, Debug)]
pub struct Server {
    clocks: clock::ClockStates,
    resets: reset::ResetStates,
}

impl Default for Server {
    fn default() -> Self {
        Self::new()
    }
}

impl Server {
    /// The platform as it comes out of reset (usable in a `static`).
    pub const fn new() -> Self {
        Self {
            clocks: clock::initial_states(),
            resets: reset::initial_states(),
        }
    }

    /// State of clock `id`, for tests and diagnostics.
    pub fn clock(&self, id: usize) -> Option<clock::ClockState> {
        self.clocks.get(id).copied()
    }

    /// State of reset domain `id`, for tests and diagnostics.
    pub fn reset_domain(&self, id: usize) -> Option<reset::ResetState> {
        self.resets.get(id).copied()
    }

    /// Processes the message in `mem`, like a platform does when the agent
    /// rings: on return the channel is free again (unless it was never
    /// handed over) and holds the reply with its length.
    pub fn process<M: SharedMemory + ?Sized>(&mut self, mem: &mut M) -> Outcome {
        let Some(status) = mem.read_u32(shmem::STATUS) else {
            return Outcome::ChannelTooSmall;
        };
        if status & shmem::STATUS_FREE != 0 {
            return Outcome::NotOwned;
        }
        if mem.size() < shmem::MIN_SIZE {
            // Nothing fits: give the channel back so the agent can go on.
            let _ = mem.write_u32(shmem::STATUS, shmem::STATUS_FREE);
            return Outcome::ChannelTooSmall;
        }

        let length = mem.read_u32(shmem::LENGTH).unwrap_or(0);
        let room = mem.size() - shmem::HEADER;
        let Some(length) = usize::try_from(length)
            .ok()
            .filter(|&l| (4..=room).contains(&l))
        else {
            finish(mem, &[Status::CommsError.to_word()], shmem::STATUS_ERROR);
            return Outcome::BadLength;
        };

        let header = MessageHeader::from_word(mem.read_u32(shmem::HEADER).unwrap_or(0));
        let params = read_params(mem, (length - 4) / 4);
        // The reply may fill the channel from the payload offset on.
        let mut reply = Reply::new((mem.size() - shmem::PAYLOAD) / 4);
        let status = self.answer(header, &params, &mut reply);
        finish(mem, reply.words(), 0);
        Outcome::Answered(status)
    }

    /// Builds the reply payload (status first) and returns the status.
    fn answer(&mut self, header: MessageHeader, params: &Params, reply: &mut Reply) -> Status {
        let result = if header.message_type != MessageType::Command {
            Err(Status::NotSupported)
        } else {
            reply
                .push(Status::Success.to_word())
                .and_then(|()| self.dispatch(header, params, reply))
        };
        match result {
            Ok(()) => Status::Success,
            Err(status) => {
                reply.clear();
                // The reply always has room for one word: the channel has
                // at least MIN_SIZE bytes.
                let _ = reply.push(status.to_word());
                status
            }
        }
    }

    fn dispatch(
        &mut self,
        header: MessageHeader,
        params: &Params,
        reply: &mut Reply,
    ) -> Result<(), Status> {
        let id = header.message_id;
        match header.protocol_id {
            protocol::BASE => base::handle(id, params, reply),
            protocol::CLOCK => clock::handle(&mut self.clocks, id, params, reply),
            protocol::RESET => reset::handle(&mut self.resets, id, params, reply),
            _ => Err(Status::NotSupported),
        }
    }
}

/// Puts a channel in its idle state, as the platform must at boot: free
/// (owned by the agent), no error, empty. Agents wait for the free bit
/// before their first message (Linux times out otherwise).
pub fn init_channel<M: SharedMemory + ?Sized>(mem: &mut M) {
    let _ = mem.write_u32(shmem::LENGTH, 0);
    let _ = mem.write_u32(shmem::STATUS, shmem::STATUS_FREE);
}

/// Reads up to [`MAX_PARAMS`] of the `available` parameter words.
fn read_params<M: SharedMemory + ?Sized>(mem: &M, available: usize) -> Params {
    let mut words = [0u32; MAX_PARAMS];
    let count = available.min(MAX_PARAMS);
    for (i, word) in words.iter_mut().enumerate().take(count) {
        *word = mem.read_u32(shmem::PAYLOAD + 4 * i).unwrap_or(0);
    }
    Params::new(words.get(..count).unwrap_or(&[]))
}

/// Writes the reply payload, its length (header included) and finally the
/// channel status, free bit last so the agent never sees a half reply.
/// The header word is left as the agent wrote it: Linux matches the token.
fn finish<M: SharedMemory + ?Sized>(mem: &mut M, payload: &[u32], extra_status: u32) {
    let mut written = 0usize;
    for (i, word) in payload.iter().enumerate() {
        if mem.write_u32(shmem::PAYLOAD + 4 * i, *word).is_none() {
            break;
        }
        written += 1;
    }
    let length = 4 + 4 * written;
    let _ = mem.write_u32(shmem::LENGTH, length as u32);
    let _ = mem.write_u32(shmem::STATUS, shmem::STATUS_FREE | extra_status);
}
