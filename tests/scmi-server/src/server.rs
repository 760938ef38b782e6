//! One channel's worth of SCMI platform: take the message an agent left in
//! its channel, answer it in place, hand the channel back.

use crate::agents::{AgentId, AgentStats, Agents, MAX_AGENTS};
use crate::faults::{self, Fault, Faults};
use crate::header::{MessageHeader, MessageType};
use crate::message::{Params, Reply, MAX_PARAMS};
use crate::permissions::{Caller, Permissions};
use crate::platform;
use crate::protocol::agent_admin::{self, Admin};
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
    /// A fault rule struck: no answer, or a malformed one (a rule's
    /// error status is [`Outcome::Answered`]).
    Misbehaved,
}

impl Outcome {
    /// Whether the agent got anything other than a successful answer.
    pub fn is_error(self) -> bool {
        self != Outcome::Answered(Status::Success)
    }
}

/// The one agent of a single-agent server.
const SINGLE_AGENT: Agents = match Agents::new(&[platform::AGENT_NAME]) {
    Some(agents) => agents,
    None => panic!("the single agent's name does not fit"),
};

/// The agents of a multi-agent server.
const MULTI_AGENT: Agents = match Agents::new(&platform::MULTI_AGENT_NAMES) {
    Some(agents) => agents,
    None => panic!("platform::MULTI_AGENT_NAMES does not describe 1 to MAX_AGENTS agents"),
};

/// The platform's state: which agents it serves, what they may touch,
/// what they have set on clocks and resets, and what their calls came to.
#[derive(Clone, Debug)]
pub struct Server {
    agents: Agents,
    permissions: Permissions,
    clocks: clock::ClockStates,
    resets: reset::ResetStates,
    stats: [AgentStats; MAX_AGENTS],
    faults: Faults,
}

impl Default for Server {
    fn default() -> Self {
        Self::new()
    }
}

impl Server {
    /// A single-agent platform as it comes out of reset (usable in a
    /// `static`): agent 1, named [`platform::AGENT_NAME`], is privileged
    /// and so may use every device. This is the server that the firmware
    /// with its one channel runs.
    pub const fn new() -> Self {
        Self::with_agents(SINGLE_AGENT)
    }

    /// A multi-agent platform as it comes out of reset: the agents of
    /// [`platform::MULTI_AGENT_NAMES`], agent 1 privileged, the others
    /// with no device until agent 1 grants them some.
    pub const fn multi_agent() -> Self {
        Self::with_agents(MULTI_AGENT)
    }

    /// A platform serving `agents`, as it comes out of reset.
    pub const fn with_agents(agents: Agents) -> Self {
        Self {
            agents,
            permissions: Permissions::new(),
            clocks: clock::initial_states(),
            resets: reset::initial_states(),
            stats: [AgentStats::ZERO; MAX_AGENTS],
            faults: Faults::new(),
        }
    }

    /// The fault rules, which [`Server::process`] applies before serving
    /// (see [`crate::faults`]); none at first.
    pub fn faults_mut(&mut self) -> &mut Faults {
        &mut self.faults
    }

    /// The fault rules and how often each struck.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// The agents served.
    pub fn agents(&self) -> &Agents {
        &self.agents
    }

    /// State of clock `id`, for tests and diagnostics.
    pub fn clock(&self, id: usize) -> Option<clock::ClockState> {
        self.clocks.get(id).map(clock::ClockSlot::state)
    }

    /// State of reset domain `id`, for tests and diagnostics.
    pub fn reset_domain(&self, id: usize) -> Option<reset::ResetState> {
        self.resets.get(id).map(reset::ResetSlot::state)
    }

    /// Whether `agent` may act on device `device` (an index of
    /// [`platform::DEVICES`]) through protocol `protocol`.
    pub fn may_use(&self, agent: AgentId, protocol: u8, device: usize) -> bool {
        self.agents.serves(agent) && self.permissions.allows(agent, protocol, device)
    }

    /// What `agent`'s calls of [`Server::process`] came to so far.
    pub fn stats(&self, agent: AgentId) -> AgentStats {
        self.stats
            .get(agent.index())
            .copied()
            .unwrap_or(AgentStats::ZERO)
    }

    /// Processes the message `agent` left in its channel `mem`, like a
    /// platform does when the agent rings: on return the channel is free
    /// again (unless it was never handed over) and holds the reply with
    /// its length. An agent the server does not serve gets DENIED to
    /// every message, so a misrouted SMC still hands its channel back.
    pub fn process<M: SharedMemory + ?Sized>(&mut self, agent: AgentId, mem: &mut M) -> Outcome {
        let outcome = self
            .misbehave(mem)
            .unwrap_or_else(|| self.serve(agent, mem));
        if let Some(stats) = self.stats.get_mut(agent.index()) {
            stats.calls = stats.calls.wrapping_add(1);
            stats.errors = stats.errors.wrapping_add(u64::from(outcome.is_error()));
            let denied = outcome == Outcome::Answered(Status::Denied);
            stats.denied = stats.denied.wrapping_add(u64::from(denied));
        }
        outcome
    }

    /// Applies the fault a rule has for the message in `mem`, if any.
    fn misbehave<M: SharedMemory + ?Sized>(&mut self, mem: &mut M) -> Option<Outcome> {
        let status = mem.read_u32(shmem::STATUS)?;
        if status & shmem::STATUS_FREE != 0 || mem.size() < shmem::MIN_SIZE {
            return None;
        }
        let fault = self.faults.strike(mem)?;
        let agent = mem.read_u32(shmem::PAYLOAD).unwrap_or(0);
        faults::apply(mem, fault, agent);
        Some(match fault {
            Fault::Status(status) => Outcome::Answered(status),
            _ => Outcome::Misbehaved,
        })
    }

    fn serve<M: SharedMemory + ?Sized>(&mut self, agent: AgentId, mem: &mut M) -> Outcome {
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
        let status = self.answer(agent, header, &params, &mut reply);
        finish(mem, reply.words(), 0);
        Outcome::Answered(status)
    }

    /// Builds the reply payload (status first) and returns the status.
    fn answer(
        &mut self,
        agent: AgentId,
        header: MessageHeader,
        params: &Params,
        reply: &mut Reply,
    ) -> Status {
        let result = if header.message_type != MessageType::Command {
            Err(Status::NotSupported)
        } else {
            reply
                .push(Status::Success.to_word())
                .and_then(|()| self.dispatch(agent, header, params, reply))
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
        agent: AgentId,
        header: MessageHeader,
        params: &Params,
        reply: &mut Reply,
    ) -> Result<(), Status> {
        if !self.agents.serves(agent) {
            return Err(Status::Denied);
        }
        let id = header.message_id;
        let caller = Caller::new(agent, &self.permissions);
        match header.protocol_id {
            protocol::BASE if agent_admin::handles(id) => {
                let admin = Admin {
                    agents: &self.agents,
                    caller: agent,
                    permissions: &mut self.permissions,
                    clocks: &mut self.clocks,
                    resets: &mut self.resets,
                };
                agent_admin::handle(admin, id, params)
            }
            protocol::BASE => base::handle(&self.agents, agent, id, params, reply),
            protocol::CLOCK => clock::handle(&mut self.clocks, &caller, id, params, reply),
            protocol::RESET => reset::handle(&mut self.resets, &caller, id, params, reply),
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
