//! The Clock management protocol (0x14), version 2.0.
//!
//! Why 2.0: Linux 6.12's driver reads the enable latency from
//! CLOCK_ATTRIBUTES for major version 2 and later, switches CLOCK_CONFIG_SET
//! to the 3.x layout only from minor version 1 of major 2 upwards, and asks
//! for parents, permissions and extended configurations only from 3.0. At
//! 2.0 it therefore sends exactly what this module implements: the
//! two-word CLOCK_CONFIG_SET with bit 0 as the enable bit, and no name,
//! parent or notification commands as long as the attribute bits that
//! advertise them stay clear.
//!
//! With several agents, each clock keeps one enable request per agent and
//! runs while any agent wants it (at boot, the clocks that start running
//! count as the privileged agent's requests, so a single-agent server
//! behaves as if the agent had enabled them). CLOCK_ATTRIBUTES reports
//! the calling agent's own request, so an agent learns nothing of what
//! others do with a clock. The rate is one per clock: the last agent to
//! set it wins, and is remembered so that resetting that agent's
//! configuration puts the boot rate back.
//!
//! Permissions: CLOCK_ATTRIBUTES and CLOCK_DESCRIBE_RATES describe the
//! platform and answer any agent, as discovery must work before Xen has
//! granted anything; CLOCK_RATE_SET, CLOCK_RATE_GET and CLOCK_CONFIG_SET
//! act on or read a clock's state and answer DENIED to an agent without
//! the clock's device (see [`crate::permissions`]).

use super::CLOCK as CLOCK_PROTOCOL;
use super::{
    index, message_attributes, PROTOCOL_ATTRIBUTES, PROTOCOL_MESSAGE_ATTRIBUTES, PROTOCOL_VERSION,
};
use crate::agents::{AgentId, AgentSet};
use crate::devices::CLOCK_DEVICE;
use crate::message::{Params, Reply};
use crate::permissions::Caller;
use crate::platform::{ClockDesc, Rates, CLOCKS};
use crate::status::Status;

/// Clock protocol version 2.0 (SCMI 3.1).
pub const VERSION: u32 = 0x0002_0000;

/// CLOCK_ATTRIBUTES.
pub const CLOCK_ATTRIBUTES: u8 = 0x3;
/// CLOCK_DESCRIBE_RATES.
pub const CLOCK_DESCRIBE_RATES: u8 = 0x4;
/// CLOCK_RATE_SET.
pub const CLOCK_RATE_SET: u8 = 0x5;
/// CLOCK_RATE_GET.
pub const CLOCK_RATE_GET: u8 = 0x6;
/// CLOCK_CONFIG_SET.
pub const CLOCK_CONFIG_SET: u8 = 0x7;

/// The messages this implementation answers.
pub const MESSAGES: [u8; 8] = [
    PROTOCOL_VERSION,
    PROTOCOL_ATTRIBUTES,
    PROTOCOL_MESSAGE_ATTRIBUTES,
    CLOCK_ATTRIBUTES,
    CLOCK_DESCRIBE_RATES,
    CLOCK_RATE_SET,
    CLOCK_RATE_GET,
    CLOCK_CONFIG_SET,
];

/// At most this many rates per CLOCK_DESCRIBE_RATES reply: small enough
/// that `scmi_cpu`'s list needs two replies, so agents' paging is tested.
pub const MAX_RATES_PER_REPLY: usize = 8;

/// CLOCK_DESCRIBE_RATES flag: the rates are a (min, max, step) triplet.
pub const RATES_ARE_RANGE: u32 = 1 << 12;

/// CLOCK_RATE_SET flag: asynchronous request (not supported here, and
/// PROTOCOL_ATTRIBUTES says so by advertising no pending async requests).
pub const RATE_SET_ASYNC: u32 = 1 << 0;
/// CLOCK_RATE_SET flag: no delayed response wanted (only with async).
pub const RATE_SET_IGNORE_DELAYED: u32 = 1 << 1;
/// CLOCK_RATE_SET flag: round up to the next supported rate.
pub const RATE_SET_ROUND_UP: u32 = 1 << 2;
/// CLOCK_RATE_SET flag: round to the nearest supported rate.
pub const RATE_SET_ROUND_AUTO: u32 = 1 << 3;

/// CLOCK_CONFIG_SET attribute bit 0: the clock runs.
pub const CONFIG_ENABLE: u32 = 1 << 0;

/// One clock as the hardware would show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockState {
    /// Whether the clock runs (some agent wants it to).
    pub enabled: bool,
    /// Current rate in Hz.
    pub rate: u64,
}

/// What the platform keeps about one clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockSlot {
    /// The agents that want the clock running.
    requests: AgentSet,
    /// Current rate in Hz.
    rate: u64,
    /// The agent that set `rate` last (`None`: the boot rate).
    rate_set_by: Option<AgentId>,
}

impl ClockSlot {
    /// The state at reset of the clock `desc`.
    pub const fn initial(desc: &ClockDesc) -> Self {
        Self {
            requests: if desc.initially_enabled {
                AgentSet::only(AgentId::PRIVILEGED)
            } else {
                AgentSet::EMPTY
            },
            rate: desc.initial_rate,
            rate_set_by: None,
        }
    }

    /// The clock as the hardware would show it.
    pub const fn state(&self) -> ClockState {
        ClockState {
            enabled: !self.requests.is_empty(),
            rate: self.rate,
        }
    }

    /// Whether `agent` asked for the clock to run.
    pub const fn requested_by(&self, agent: AgentId) -> bool {
        self.requests.contains(agent)
    }
}

/// The slots of all clocks, indexed like [`CLOCKS`].
pub type ClockStates = [ClockSlot; CLOCKS.len()];

/// The state of every clock at reset.
pub const fn initial_states() -> ClockStates {
    let mut states = [ClockSlot {
        requests: AgentSet::EMPTY,
        rate: 0,
        rate_set_by: None,
    }; CLOCKS.len()];
    let mut i = 0;
    while i < CLOCKS.len() {
        states[i] = ClockSlot::initial(&CLOCKS[i]);
        i += 1;
    }
    states
}

/// Handles one Clock protocol command from `caller`.
pub fn handle(
    states: &mut ClockStates,
    caller: &Caller<'_>,
    message_id: u8,
    params: &Params,
    reply: &mut Reply,
) -> Result<(), Status> {
    match message_id {
        PROTOCOL_VERSION => reply.push(VERSION),
        // Bits [23:16] max pending async requests (0), [15:0] clocks.
        PROTOCOL_ATTRIBUTES => reply.push(CLOCKS.len() as u32),
        PROTOCOL_MESSAGE_ATTRIBUTES => message_attributes(&MESSAGES, params, reply),
        CLOCK_ATTRIBUTES => {
            let (desc, slot) = lookup(states, params.get(0)?)?;
            reply.push(u32::from(slot.requested_by(caller.agent)))?;
            reply.push_name(desc.name)?;
            reply.push(desc.enable_latency_us)
        }
        CLOCK_DESCRIBE_RATES => {
            let (desc, _) = lookup(states, params.get(0)?)?;
            describe_rates(desc, params.get(1)?, reply)
        }
        CLOCK_RATE_SET => rate_set(states, caller, params),
        CLOCK_RATE_GET => {
            let (_, slot) = lookup_permitted(states, caller, params.get(0)?)?;
            reply.push_u64(slot.rate)
        }
        CLOCK_CONFIG_SET => {
            let id = params.get(0)?;
            let attributes = params.get(1)?;
            let (_, slot) = lookup_permitted(states, caller, id)?;
            if attributes & !CONFIG_ENABLE != 0 {
                return Err(Status::InvalidParameters);
            }
            slot.requests
                .set(caller.agent, attributes & CONFIG_ENABLE != 0);
            Ok(())
        }
        _ => Err(Status::NotSupported),
    }
}

/// Undoes what `agent` set on the clocks (for
/// BASE_RESET_AGENT_CONFIGURATION): its enable requests go back to those
/// it had at boot, and a rate it set last goes back to the boot rate.
pub fn forget_agent(states: &mut ClockStates, agent: AgentId) {
    for (slot, desc) in states.iter_mut().zip(CLOCKS.iter()) {
        let at_boot = ClockSlot::initial(desc);
        slot.requests.set(agent, at_boot.requested_by(agent));
        if slot.rate_set_by == Some(agent) {
            slot.rate = at_boot.rate;
            slot.rate_set_by = None;
        }
    }
}

/// The description and slot of clock `id`, NOT_FOUND when there is none.
fn lookup(
    states: &mut ClockStates,
    id: u32,
) -> Result<(&'static ClockDesc, &mut ClockSlot), Status> {
    let i = index(id, CLOCKS.len())?;
    let desc = CLOCKS.get(i).ok_or(Status::NotFound)?;
    let slot = states.get_mut(i).ok_or(Status::NotFound)?;
    Ok((desc, slot))
}

/// [`lookup`], then DENIED unless `caller` may use the clock's device.
fn lookup_permitted<'s>(
    states: &'s mut ClockStates,
    caller: &Caller<'_>,
    id: u32,
) -> Result<(&'static ClockDesc, &'s mut ClockSlot), Status> {
    let i = index(id, CLOCKS.len())?;
    let device = CLOCK_DEVICE.get(i).copied().ok_or(Status::NotFound)?;
    if !caller.may_use(CLOCK_PROTOCOL, device) {
        return Err(Status::Denied);
    }
    lookup(states, id)
}

/// CLOCK_DESCRIBE_RATES: a slice of the discrete list starting at
/// `rate_index`, or the range triplet (for which `rate_index` has no
/// meaning and is ignored).
fn describe_rates(desc: &ClockDesc, rate_index: u32, reply: &mut Reply) -> Result<(), Status> {
    match desc.rates {
        Rates::Discrete(list) => {
            let rest = usize::try_from(rate_index)
                .ok()
                .and_then(|skip| list.get(skip..))
                .ok_or(Status::InvalidParameters)?;
            // One word for the flags, two per rate.
            let fits = reply.room().saturating_sub(1) / 2;
            let count = rest.len().min(MAX_RATES_PER_REPLY).min(fits);
            let remaining = rest.len().saturating_sub(count);
            reply.push(((remaining as u32) << 16) | count as u32)?;
            for rate in rest.iter().take(count) {
                reply.push_u64(*rate)?;
            }
            Ok(())
        }
        Rates::Range { min, max, step } => {
            reply.push(RATES_ARE_RANGE | 3)?;
            reply.push_u64(min)?;
            reply.push_u64(max)?;
            reply.push_u64(step)
        }
    }
}

/// CLOCK_RATE_SET: synchronous only; the rate is rounded to a supported
/// one (down unless the flags ask for up or nearest) and must lie within
/// the clock's lowest and highest rate.
fn rate_set(states: &mut ClockStates, caller: &Caller<'_>, params: &Params) -> Result<(), Status> {
    let flags = params.get(0)?;
    let id = params.get(1)?;
    let rate = u64::from(params.get(2)?) | (u64::from(params.get(3)?) << 32);
    let (desc, slot) = lookup_permitted(states, caller, id)?;
    let known = RATE_SET_ASYNC | RATE_SET_IGNORE_DELAYED | RATE_SET_ROUND_UP | RATE_SET_ROUND_AUTO;
    if flags & !known != 0 {
        return Err(Status::InvalidParameters);
    }
    if flags & RATE_SET_ASYNC != 0 {
        return Err(Status::NotSupported);
    }
    let (below, above) = neighbours(desc.rates, rate).ok_or(Status::OutOfRange)?;
    slot.rate_set_by = Some(caller.agent);
    slot.rate = if flags & RATE_SET_ROUND_AUTO != 0 {
        if rate.saturating_sub(below) <= above.saturating_sub(rate) {
            below
        } else {
            above
        }
    } else if flags & RATE_SET_ROUND_UP != 0 {
        above
    } else {
        below
    };
    Ok(())
}

/// The supported rates just at or below and just at or above `rate`;
/// `None` when `rate` is outside the clock's span.
fn neighbours(rates: Rates, rate: u64) -> Option<(u64, u64)> {
    match rates {
        Rates::Discrete(list) => {
            let below = list.iter().rev().find(|&&r| r <= rate).copied()?;
            let above = list.iter().find(|&&r| r >= rate).copied()?;
            Some((below, above))
        }
        Rates::Range { min, max, step } => {
            if rate < min || rate > max || step == 0 {
                return None;
            }
            let below = min + (rate - min) / step * step;
            let above = if below == rate {
                below
            } else {
                below.checked_add(step)?.min(max)
            };
            Some((below, above))
        }
    }
}
