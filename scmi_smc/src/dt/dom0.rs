//! The per-node decision while Xen builds the hardware domain's DT.

use super::reg::channel_region;
use super::share::{sharing, Quiet, Sharing, MAX_TREE_NODES};
use super::shmem::{handled_channel, visit_regions, Visitor};
use super::uses::{scmi_uses, ScmiUses};
use super::{is_handled_scmi_node, DeviceTree, DtProblem, ShmemRegion, SCMI_SHMEM_COMPATIBLE};
use crate::agents::{AgentTable, SCI_COMPATIBLE};

/// Whether a host node goes into the hardware domain's DT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeAction {
    /// Copy the node as usual.
    Keep,
    /// Leave the node and its subtree out.
    Skip,
}

impl NodeAction {
    /// The `dom0_dt_handle_node` return value: true means skip.
    pub const fn is_skip(self) -> bool {
        matches!(self, NodeAction::Skip)
    }
}

/// Whether a channel whose frames hold something else is granted
/// (`scmi-smc-shared-page`; see `share`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SharedPage {
    /// Refused, with a line (the default).
    Refuse,
    /// Granted, with a line: the integrator's choice.
    Grant,
}

/// Receives the side effects of [`dom0_node_action`]; the FFI turns them
/// into `iomem_permit_access` calls and log lines.
pub trait Dom0DtSink<N> {
    /// Let the hardware domain map frames `first_pfn..=last_pfn` (4 KiB).
    fn grant(&mut self, first_pfn: u64, last_pfn: u64);
    /// Report a problem found at node `at` (see [`DtProblem::report`]).
    fn problem(&mut self, at: N, problem: DtProblem);
    /// Channel `channel` shares frame `pfn` with node `with`; it was
    /// granted anyway when `granted` (see [`SharedPage`]).
    fn shared_page(&mut self, channel: N, with: N, pfn: u64, granted: bool);
    /// Node `node`, which the hardware domain keeps, refers to the SCMI
    /// node it no longer has, in the properties `uses` names.
    fn uses_scmi(&mut self, node: N, uses: ScmiUses);
}

/// Decides what happens to `node` of the host DT (see [the module](super)).
///
/// - The hardware domain owns SCMI: keep everything.
/// - Otherwise an enabled "arm,scmi-smc" node (at any path) is skipped, and
///   the hardware domain is granted every shared memory channel it and its
///   children reference; those "arm,scmi-shmem" nodes are skipped too
///   (see `handled_channel`). A channel whose frames hold anything else
///   the tree describes is not granted unless `shared` says so (see
///   `share`); either way the sink hears of it.
/// - Every other node is kept: a disabled "arm,scmi-smc" node, and the
///   channels of other SCMI transports, which still refer to them. An
///   enabled one that refers to the SCMI node or one of its sub-nodes
///   (clocks, power domains, ...; see `uses`) is reported to the sink:
///   the hardware domain's kernel will wait for a provider it never gets.
pub fn dom0_node_action<T, S>(
    dt: &T,
    node: T::Node,
    dom0_is_owner: bool,
    shared: SharedPage,
    sink: &mut S,
) -> NodeAction
where
    T: DeviceTree + ?Sized,
    S: Dom0DtSink<T::Node> + ?Sized,
{
    if dom0_is_owner {
        return NodeAction::Keep;
    }
    if is_handled_scmi_node(dt, node) {
        visit_regions(dt, node, &mut Grants { dt, shared, sink });
        return NodeAction::Skip;
    }
    if handled_channel(dt, node, &mut Quiet) {
        return NodeAction::Skip;
    }
    if dt.is_available(node) {
        let uses = scmi_uses(dt, node);
        if !uses.is_empty() {
            sink.uses_scmi(node, uses);
        }
    }
    NodeAction::Keep
}

/// A [`Dom0DtSink`] as the walk's [`Visitor`]: a channel becomes a grant of
/// the frames it touches, if it has them to itself or `shared` allows.
/// Always inlined, so that the sink is called where the walk finds each
/// thing, with the problem's variant known there.
struct Grants<'s, T: ?Sized, S: ?Sized> {
    dt: &'s T,
    shared: SharedPage,
    sink: &'s mut S,
}

impl<T, S> Visitor<T::Node> for Grants<'_, T, S>
where
    T: DeviceTree + ?Sized,
    S: Dom0DtSink<T::Node> + ?Sized,
{
    #[inline(always)]
    fn region(&mut self, region: ShmemRegion<T::Node>) {
        let granted = match sharing(self.dt, &region) {
            Sharing::Alone => true,
            Sharing::With { node, pfn } => {
                let granted = self.shared == SharedPage::Grant;
                self.sink.shared_page(region.node, node, pfn, granted);
                granted
            }
            Sharing::Unknown => {
                let limit = MAX_TREE_NODES;
                self.sink
                    .problem(region.node, DtProblem::TreeTooLarge { limit });
                self.shared == SharedPage::Grant
            }
        };
        if granted {
            self.sink.grant(region.first_pfn(), region.last_pfn());
        }
    }
    #[inline(always)]
    fn problem(&mut self, at: T::Node, problem: DtProblem) {
        self.sink.problem(at, problem);
    }
}

/// [`dom0_node_action`] in multi-agent mode (`docs/multi-agent.md`):
///
/// - The "xen,sci" container is left out, with Xen's SCMI node and
///   whatever else it holds; there the hardware domain is granted every
///   domain agent's channel ([`AgentTable::channels`], each once), which
///   its toolstack maps into the domain given that agent.
/// - A channel of Xen's or of another domain's agent, wherever it is
///   described, is left out: the hardware domain may map the latter, but
///   does not get it as a device of its own.
/// - A hardware domain without an agent gets no "arm,scmi-smc" node and
///   none of their channels. With one, its own `/firmware/scmi` node and
///   channel stay as they are.
/// - Everything else is kept.
pub fn dom0_node_action_multi_agent<T, S>(
    dt: &T,
    node: T::Node,
    agents: &AgentTable,
    sink: &mut S,
) -> NodeAction
where
    T: DeviceTree + ?Sized,
    S: Dom0DtSink<T::Node> + ?Sized,
{
    if dt.is_compatible(node, SCI_COMPATIBLE) && dt.is_available(node) {
        for (first, last) in agents.channels() {
            sink.grant(first, last);
        }
        return NodeAction::Skip;
    }
    if dt.is_compatible(node, SCMI_SHMEM_COMPATIBLE) {
        if let Ok(region) = channel_region(dt, node) {
            if agents.is_foreign_channel(region.first_pfn(), region.last_pfn()) {
                return NodeAction::Skip;
            }
        }
    }
    let quiet = &mut Quiet;
    if agents.dom0_agent().is_none()
        && (is_handled_scmi_node(dt, node) || handled_channel(dt, node, quiet))
    {
        return NodeAction::Skip;
    }
    NodeAction::Keep
}
