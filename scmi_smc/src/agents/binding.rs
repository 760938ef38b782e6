//! The agents as the host device tree describes them, in the binding of
//! upstream Xen's proposed multi-agent SCMI driver:
//!
//! - a node compatible "xen,sci" (the container, e.g.
//!   `/chosen/xen/xen_scmi_config`) holds Xen's own "arm,scmi-smc" node
//!   (Xen's agent: its doorbell and channel), which the hardware domain
//!   never sees;
//! - the container's `scmi-secondary-agents` lists the domain agents, one
//!   entry each: the doorbell's SMC id, a phandle to the agent's
//!   "arm,scmi-shmem" channel and, with `#scmi-secondary-agents-cells =
//!   <3>` (the default), the agent id; with `<2>`, Xen asks the firmware
//!   for each id over the agent's own channel;
//! - the container's `xen,dom0-sci-agent-id` gives the hardware domain an
//!   agent of its own (absent, or 255 and above: no SCMI for it).
//!
//! Where this reading is stricter than upstream's, the SCMI specification
//! is why: agent id 0 is the platform's, so no domain is given it.

use core::ffi::CStr;

use crate::dt::names::{self, cstr};
use crate::dt::{self, one_cell, take_cells, DeviceTree, DtProblem, ShmemRegion, PAGE_SHIFT};
use crate::smccc::FunctionId;

/// Compatible of the container of Xen's SCMI node and the agents' list.
pub static SCI_COMPATIBLE: &CStr = cstr(&names::SCI);
static SECONDARY_AGENTS: &CStr = cstr(&names::SECONDARY_AGENTS);
static SECONDARY_AGENTS_CELLS: &CStr = cstr(&names::SECONDARY_AGENTS_CELLS);
static DOM0_AGENT_ID: &CStr = cstr(&names::DOM0_AGENT_ID);

/// Entries of `scmi-secondary-agents` read at most. Real platforms
/// describe a handful; the bound keeps the boot-time walk bounded.
pub const MAX_SECONDARY_AGENTS: usize = 32;

/// Whether `id` may be a domain's agent: 1 to 254. SCMI numbers the
/// platform itself 0, and upstream's binding reserves 255 for "none".
pub const fn is_domain_agent_id(id: u32) -> bool {
    id >= 1 && id <= 254
}

/// The container of `node`: its nearest ancestor compatible "xen,sci",
/// if it has one and it is enabled. Xen manages the agents only through an SCMI node that
/// sits in one; any other "arm,scmi-smc" node belongs to a domain (the
/// hardware domain's `/firmware/scmi`).
pub fn container_of<T: DeviceTree + ?Sized>(dt: &T, node: T::Node) -> Option<T::Node> {
    let mut at = dt.parent(node);
    // A tree is much shallower than this; the bound keeps a cycle in a
    // malformed tree from looping.
    for _ in 0..dt::MAX_DEPTH {
        let candidate = at?;
        if dt.is_compatible(candidate, SCI_COMPATIBLE) {
            // A disabled container counts as absent.
            return dt.is_available(candidate).then_some(candidate);
        }
        at = dt.parent(candidate);
    }
    None
}

/// One entry of `scmi-secondary-agents`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecondaryAgent<N> {
    /// The doorbell.
    pub smc: FunctionId,
    /// The agent's channel, page aligned.
    pub channel: ShmemRegion<N>,
    /// The agent id the entry gives; `None` in the two-cell form, where
    /// the firmware says.
    pub agent: Option<u32>,
}

/// Why the list, or one entry of it, cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryError<N> {
    /// The container has no `scmi-secondary-agents`.
    Missing,
    /// `#scmi-secondary-agents-cells` is neither 2 nor 3.
    BadCells(u32),
    /// The list is empty or not a whole number of entries; its length.
    BadLength(usize),
    /// The channel phandle names no "arm,scmi-shmem" node, or the channel
    /// is unusable; reported at `at`.
    Channel {
        /// The node to name.
        at: N,
        /// What is wrong.
        problem: DtProblem,
    },
    /// The channel does not start and end on page boundaries: Xen maps
    /// whole pages into the domain that gets the agent.
    NotPageAligned {
        /// The channel node.
        at: N,
        /// Its address.
        addr: u64,
    },
    /// More entries than are read ([`MAX_SECONDARY_AGENTS`]).
    TooMany,
}

/// Calls `each` with every entry of the container's
/// `scmi-secondary-agents`, in order, or once with why the list as a
/// whole is unusable.
pub fn for_each_secondary_agent<T, F>(dt: &T, container: T::Node, mut each: F)
where
    T: DeviceTree + ?Sized,
    F: FnMut(Result<SecondaryAgent<T::Node>, EntryError<T::Node>>),
{
    let cells = match dt.property(container, SECONDARY_AGENTS_CELLS) {
        None => 3,
        Some(value) => match one_cell(value) {
            Some(cells @ (2 | 3)) => cells,
            other => return each(Err(EntryError::BadCells(other.unwrap_or(0)))),
        },
    };
    let Some(mut list) = dt.property(container, SECONDARY_AGENTS) else {
        return each(Err(EntryError::Missing));
    };
    // 8 or 12 bytes: never zero.
    let entry_len = if cells == 2 { 8 } else { 12 };
    if list.is_empty() || list.len().checked_rem(entry_len) != Some(0) {
        return each(Err(EntryError::BadLength(list.len())));
    }
    for _ in 0..MAX_SECONDARY_AGENTS {
        let (Some(smc), Some(phandle)) = (take_cells(&mut list, 1), take_cells(&mut list, 1))
        else {
            return;
        };
        let agent = if cells == 3 {
            take_cells(&mut list, 1).map(|id| id as u32)
        } else {
            None
        };
        each(entry(dt, container, smc as u32, phandle as u32, agent));
    }
    if !list.is_empty() {
        each(Err(EntryError::TooMany));
    }
}

/// One entry, its channel resolved and checked.
fn entry<T: DeviceTree + ?Sized>(
    dt: &T,
    container: T::Node,
    smc: u32,
    phandle: u32,
    agent: Option<u32>,
) -> Result<SecondaryAgent<T::Node>, EntryError<T::Node>> {
    let target = (phandle != 0 && phandle != u32::MAX)
        .then(|| dt.node_by_phandle(phandle))
        .flatten();
    let Some(node) = target else {
        let problem = DtProblem::DanglingPhandle { phandle };
        return Err(EntryError::Channel {
            at: container,
            problem,
        });
    };
    if !dt.is_compatible(node, dt::SCMI_SHMEM_COMPATIBLE) {
        let problem = DtProblem::NotShmem { phandle };
        return Err(EntryError::Channel { at: node, problem });
    }
    let channel = dt::channel_region(dt, node)
        .map_err(|problem| EntryError::Channel { at: node, problem })?;
    let page = (1u64 << PAGE_SHIFT) - 1;
    if channel.addr & page != 0 || channel.size & page != 0 {
        return Err(EntryError::NotPageAligned {
            at: node,
            addr: channel.addr,
        });
    }
    Ok(SecondaryAgent {
        smc: FunctionId(smc),
        channel,
        agent,
    })
}

/// What `xen,dom0-sci-agent-id` says about the hardware domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dom0Agent {
    /// Absent: the hardware domain has no SCMI.
    None,
    /// This agent, 1 to 254.
    Agent(u32),
    /// 255 and above (upstream's "none", with a warning), 0 (the
    /// platform's), or not one cell: the hardware domain has no SCMI.
    Invalid(u32),
}

/// The hardware domain's agent, from the container.
pub fn dom0_agent<T: DeviceTree + ?Sized>(dt: &T, container: T::Node) -> Dom0Agent {
    match dt.property(container, DOM0_AGENT_ID).map(one_cell) {
        None => Dom0Agent::None,
        Some(Some(id)) if is_domain_agent_id(id) => Dom0Agent::Agent(id),
        Some(Some(id)) => Dom0Agent::Invalid(id),
        Some(None) => Dom0Agent::Invalid(u32::MAX),
    }
}
