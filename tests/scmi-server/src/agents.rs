//! The agents a server talks to: their SCMI ids, their names, sets of
//! them, and what each one has cost.
//!
//! Numbering: SCMI reserves agent id 0 for the platform itself (DEN0056
//! 3.x, BASE_DISCOVER_AGENT), so the agents are 1 to N, and N is what
//! BASE_PROTOCOL_ATTRIBUTES reports. Agent 1 is the privileged agent (the
//! one Xen keeps for itself, or the only agent of a single-agent server);
//! agents 2 to N belong to domains. The firmware thinks in channels
//! (0 for the privileged one, one SMC function id each), hence
//! [`AgentId::from_channel`].

/// The most agents one server can serve; a platform uses 1 to this many.
pub const MAX_AGENTS: usize = 4;

const _: () = assert!(
    MAX_AGENTS >= 1 && MAX_AGENTS <= AgentSet::CAPACITY,
    "an AgentSet must have a bit for every agent"
);

/// An agent, by its SCMI agent id (1 to [`MAX_AGENTS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AgentId(u8);

impl AgentId {
    /// The privileged agent: always has access to every device, and is
    /// the only one that may change other agents' permissions.
    pub const PRIVILEGED: Self = Self(1);

    /// The agent with SCMI id `id`, if a server could serve one (a given
    /// server may still serve fewer: see [`Agents::lookup`]).
    pub const fn new(id: u32) -> Option<Self> {
        if id >= 1 && id <= MAX_AGENTS as u32 {
            Some(Self(id as u8))
        } else {
            None
        }
    }

    /// The agent behind the firmware's channel `channel` (0 being the
    /// privileged agent's): SCMI id `channel + 1`.
    pub const fn from_channel(channel: usize) -> Option<Self> {
        if channel < MAX_AGENTS {
            Some(Self(channel as u8 + 1))
        } else {
            None
        }
    }

    /// The SCMI agent id, as Base messages carry it.
    pub const fn id(self) -> u32 {
        self.0 as u32
    }

    /// Position in per-agent tables (0 to [`MAX_AGENTS`] - 1).
    pub const fn index(self) -> usize {
        self.0 as usize - 1
    }

    /// Whether this is [`AgentId::PRIVILEGED`].
    pub const fn is_privileged(self) -> bool {
        self.0 == Self::PRIVILEGED.0
    }
}

/// A set of agents, one bit each: who asked for a clock to run, who holds
/// a reset asserted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AgentSet(u8);

impl AgentSet {
    /// How many agents a set can hold.
    pub const CAPACITY: usize = 8;
    /// No agent.
    pub const EMPTY: Self = Self(0);

    /// The set holding only `agent`.
    pub const fn only(agent: AgentId) -> Self {
        Self(1 << agent.index())
    }

    /// Whether `agent` is in the set.
    pub const fn contains(self, agent: AgentId) -> bool {
        self.0 & (1 << agent.index()) != 0
    }

    /// Adds or removes `agent`.
    pub fn set(&mut self, agent: AgentId, member: bool) {
        if member {
            self.0 |= 1 << agent.index();
        } else {
            self.0 &= !(1 << agent.index());
        }
    }

    /// Whether no agent is in the set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// The agents one server serves: how many, and their names.
#[derive(Clone, Copy, Debug)]
pub struct Agents {
    names: &'static [&'static str],
}

impl Agents {
    /// Agents named `names`, agent 1 first; `None` unless there are 1 to
    /// [`MAX_AGENTS`] names, each short enough for the 16-byte field with
    /// its NUL.
    pub const fn new(names: &'static [&'static str]) -> Option<Self> {
        if names.is_empty() || names.len() > MAX_AGENTS {
            return None;
        }
        let mut i = 0;
        while i < names.len() {
            if names[i].len() >= 16 {
                return None;
            }
            i += 1;
        }
        Some(Self { names })
    }

    /// How many agents are served (BASE_PROTOCOL_ATTRIBUTES' count).
    pub const fn count(&self) -> usize {
        self.names.len()
    }

    /// Whether `agent` is one of them.
    pub const fn serves(&self, agent: AgentId) -> bool {
        agent.index() < self.names.len()
    }

    /// The served agent with SCMI id `id`, if any (never the platform's 0).
    pub fn lookup(&self, id: u32) -> Option<AgentId> {
        AgentId::new(id).filter(|&agent| self.serves(agent))
    }

    /// The name of `agent`, if it is served.
    pub fn name(&self, agent: AgentId) -> Option<&'static str> {
        self.names.get(agent.index()).copied()
    }
}

/// What one agent's calls came to, for diagnostics (the firmware keeps its
/// own per-domain counters; these are per agent, i.e. per channel).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AgentStats {
    /// Calls of [`crate::Server::process`] for the agent, whatever their
    /// outcome.
    pub calls: u64,
    /// Calls not answered with SUCCESS (malformed channels included).
    pub errors: u64,
    /// Of those, the ones answered DENIED.
    pub denied: u64,
}

impl AgentStats {
    /// No calls yet (usable in a `const`).
    pub const ZERO: Self = Self {
        calls: 0,
        errors: 0,
        denied: 0,
    };
}
