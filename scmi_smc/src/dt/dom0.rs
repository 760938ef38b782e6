//! The per-node decision while Xen builds the hardware domain's DT.

use super::shmem::{channel_of, handled_channel, visit_regions, Visitor};
use super::{is_handled_scmi_node, DeviceTree, DtProblem, ShmemRegion, AGENTS_COMPATIBLE};

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

/// Receives the side effects of [`dom0_node_action`]; the FFI turns them
/// into `iomem_permit_access` calls and log lines.
pub trait Dom0DtSink<N> {
    /// Let the hardware domain map frames `first_pfn..=last_pfn` (4 KiB).
    fn grant(&mut self, first_pfn: u64, last_pfn: u64);
    /// Report a problem found at node `at` (see [`DtProblem::log_line`]).
    fn problem(&mut self, at: N, problem: DtProblem);
}

/// Decides what happens to `node` of the host DT (see [the module](super)).
///
/// - The hardware domain owns SCMI: keep everything.
/// - Otherwise an enabled "arm,scmi-smc" node (at any path) is skipped, and
///   the hardware domain is granted every shared memory channel it and its
///   children reference; those "arm,scmi-shmem" nodes are skipped too
///   ([`is_handled_channel`](super::is_handled_channel)).
/// - Every other node is kept: a disabled "arm,scmi-smc" node, and the
///   channels of other SCMI transports, which still refer to them.
pub fn dom0_node_action<T, S>(
    dt: &T,
    node: T::Node,
    dom0_is_owner: bool,
    sink: &mut S,
) -> NodeAction
where
    T: DeviceTree + ?Sized,
    S: Dom0DtSink<T::Node> + ?Sized,
{
    if dom0_is_owner {
        return NodeAction::Keep;
    }
    let grants = &mut Grants(sink);
    if is_handled_scmi_node(dt, node) {
        visit_regions(dt, node, grants);
        return NodeAction::Skip;
    }
    if handled_channel(dt, node, grants) {
        return NodeAction::Skip;
    }
    NodeAction::Keep
}

/// A [`Dom0DtSink`] as the walk's [`Visitor`]: a channel becomes a grant of
/// the frames it touches. Always inlined, so that the sink is called where
/// the walk finds each thing, with the problem's variant known there.
struct Grants<'s, S: ?Sized>(&'s mut S);

impl<N, S: Dom0DtSink<N> + ?Sized> Visitor<N> for Grants<'_, S> {
    #[inline(always)]
    fn region(&mut self, region: ShmemRegion<N>) {
        self.0.grant(region.first_pfn(), region.last_pfn());
    }
    #[inline(always)]
    fn problem(&mut self, at: N, problem: DtProblem) {
        self.0.problem(at, problem);
    }
}

/// [`dom0_node_action`] when the host tree describes domain agents
/// (`docs/multi-agent.md`): Xen keeps the SCMI node it probed, its
/// channel is its own, and no domain owns it.
///
/// - An enabled "arm,scmi-smc" node and its channels are skipped, and
///   nothing of them is granted: no domain may map Xen's channel.
/// - The agents node ("xen,scmi-smc-agents") is skipped and the hardware
///   domain is granted every agent's channel, which its toolstack maps
///   into the domain given that agent; those channels are skipped too.
/// - Everything else is kept.
pub fn dom0_node_action_multi_agent<T, S>(dt: &T, node: T::Node, sink: &mut S) -> NodeAction
where
    T: DeviceTree + ?Sized,
    S: Dom0DtSink<T::Node> + ?Sized,
{
    let grants = &mut Grants(sink);
    if is_handled_scmi_node(dt, node) {
        return NodeAction::Skip;
    }
    if dt.is_compatible(node, AGENTS_COMPATIBLE) && dt.is_available(node) {
        // The channels are the agents'; the node itself has none.
        visit_regions(
            dt,
            node,
            &mut AgentChannels {
                agents: node,
                grants,
            },
        );
        return NodeAction::Skip;
    }
    if handled_channel(dt, node, grants) || channel_of(dt, node, AGENTS_COMPATIBLE, grants) {
        return NodeAction::Skip;
    }
    NodeAction::Keep
}

/// The walk over the agents node: as [`Grants`], but the node itself is
/// not expected to have a "shmem" of its own.
struct AgentChannels<'g, 's, N, S: ?Sized> {
    agents: N,
    grants: &'g mut Grants<'s, S>,
}

impl<N: PartialEq, S: Dom0DtSink<N> + ?Sized> Visitor<N> for AgentChannels<'_, '_, N, S> {
    fn region(&mut self, region: ShmemRegion<N>) {
        self.grants.region(region);
    }
    fn problem(&mut self, at: N, problem: DtProblem) {
        if !(at == self.agents && problem == DtProblem::MissingShmem) {
            self.grants.problem(at, problem);
        }
    }
}
