//! The policy crate's integration tests (in `tests/`) and what they share:
//! a writer of device-tree blobs ([`fdt_builder`]) and a walk that builds
//! the hardware domain's tree the way Xen does, over [`fdt_reader`].

pub mod fdt_builder;

use std::collections::HashMap;

use fdt_reader::{Fdt, FdtNode};
use scmi_smc::agents::AgentTable;
use scmi_smc::dt::{
    dom0_node_action, dom0_node_action_multi_agent, DeviceTree, Dom0DtSink, DtProblem, NodeAction,
    ScmiUses, SharedPage,
};
use scmi_smc::OwnerSlot;

/// Records what `dom0_node_action` asked for.
#[derive(Debug, Default)]
pub struct Recorder {
    pub grants: Vec<(u64, u64)>,
    pub problems: Vec<(FdtNode, DtProblem)>,
    pub shared: Vec<(FdtNode, FdtNode, u64, bool)>,
    pub uses: Vec<(FdtNode, ScmiUses)>,
}

impl Dom0DtSink<FdtNode> for Recorder {
    fn grant(&mut self, first_pfn: u64, last_pfn: u64) {
        self.grants.push((first_pfn, last_pfn));
    }
    fn problem(&mut self, at: FdtNode, problem: DtProblem) {
        self.problems.push((at, problem));
    }
    fn shared_page(&mut self, channel: FdtNode, with: FdtNode, pfn: u64, granted: bool) {
        self.shared.push((channel, with, pfn, granted));
    }
    fn uses_scmi(&mut self, node: FdtNode, uses: ScmiUses) {
        self.uses.push((node, uses));
    }
}

/// A channel that shares a page, as the sink heard of it: the channel's
/// path, the other node's, the frame, whether it was granted anyway.
pub type Shared = (String, String, u64, bool);

/// The result of building the hardware domain's tree the way Xen does.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Dom0Tree {
    /// Full paths of the nodes copied, in order.
    pub kept: Vec<String>,
    /// Frame ranges granted.
    pub grants: Vec<(u64, u64)>,
    /// Problems, with the full path of the node they name.
    pub problems: Vec<(String, DtProblem)>,
    /// Channels that share a page.
    pub shared: Vec<Shared>,
    /// Kept nodes that refer to SCMI: path, and the properties that do.
    pub uses: Vec<(String, Vec<String>)>,
}

impl Dom0Tree {
    pub fn keeps(&self, path: &str) -> bool {
        self.kept.iter().any(|kept| kept == path)
    }
}

/// Full path of every node of `fdt`.
pub fn paths(fdt: &Fdt<'_>) -> HashMap<FdtNode, String> {
    fn walk(fdt: &Fdt<'_>, node: FdtNode, path: String, out: &mut HashMap<FdtNode, String>) {
        let mut child = fdt.first_child(node);
        while let Some(c) = child {
            let name = String::from_utf8_lossy(fdt.name(c)).into_owned();
            let sub = if path == "/" {
                format!("/{name}")
            } else {
                format!("{path}/{name}")
            };
            walk(fdt, c, sub, out);
            child = fdt.next_sibling(c);
        }
        out.insert(node, path);
    }
    let mut out = HashMap::new();
    if let Some(root) = fdt.root() {
        walk(fdt, root, "/".to_owned(), &mut out);
    }
    out
}

/// Walks `blob` like Xen's dom0 DT construction: ask about every node,
/// descend only into kept ones. A channel that shares its page is refused
/// (Xen's default).
pub fn dom0_tree(blob: &[u8], dom0_is_owner: bool) -> Dom0Tree {
    dom0_tree_shared(blob, dom0_is_owner, SharedPage::Refuse)
}

/// [`dom0_tree`] with `scmi-smc-shared-page` as `shared` says.
pub fn dom0_tree_shared(blob: &[u8], dom0_is_owner: bool, shared: SharedPage) -> Dom0Tree {
    walk_dom0(blob, |fdt, node, recorder| {
        dom0_node_action(fdt, node, dom0_is_owner, shared, recorder)
    })
}

/// [`dom0_tree`] in multi-agent mode, with the agents Xen accepted at
/// boot in `agents`.
pub fn dom0_tree_multi_agent(blob: &[u8], agents: &AgentTable) -> Dom0Tree {
    walk_dom0(blob, |fdt, node, recorder| {
        dom0_node_action_multi_agent(fdt, node, agents, recorder)
    })
}

fn walk_dom0<F>(blob: &[u8], mut action: F) -> Dom0Tree
where
    F: FnMut(&Fdt<'_>, FdtNode, &mut Recorder) -> NodeAction,
{
    let fdt = Fdt::new(blob).expect("test blob parses");
    let names = paths(&fdt);
    let mut recorder = Recorder::default();
    let mut kept = Vec::new();
    let mut stack = vec![fdt.root().expect("root")];
    while let Some(node) = stack.pop() {
        if action(&fdt, node, &mut recorder) == NodeAction::Skip {
            continue;
        }
        kept.push(names[&node].clone());
        let mut children = Vec::new();
        let mut child = fdt.first_child(node);
        while let Some(c) = child {
            children.push(c);
            child = fdt.next_sibling(c);
        }
        stack.extend(children.into_iter().rev());
    }
    Dom0Tree {
        kept,
        grants: recorder.grants,
        problems: recorder
            .problems
            .into_iter()
            .map(|(node, problem)| (names[&node].clone(), problem))
            .collect(),
        shared: recorder
            .shared
            .into_iter()
            .map(|(channel, with, pfn, granted)| {
                (names[&channel].clone(), names[&with].clone(), pfn, granted)
            })
            .collect(),
        uses: recorder
            .uses
            .into_iter()
            .map(|(node, uses)| {
                let props = uses.names().map(|n| n.to_string_lossy().into_owned());
                (names[&node].clone(), props.collect())
            })
            .collect(),
    }
}

/// A channel page (first and last frame) of its own for agent `agent`,
/// for tables whose channels are not the point.
pub fn page(agent: u32) -> (u64, u64) {
    let pfn = 0xc0000 + u64::from(agent);
    (pfn, pfn)
}

/// Whether nobody owns `slot`, seen through its API: a claim by a token no
/// test uses succeeds (and is given back at once).
pub fn is_free(slot: &OwnerSlot) -> bool {
    const PROBE: usize = usize::MAX;
    slot.try_claim_as(PROBE, 1).is_ok() && slot.release_if(PROBE)
}
