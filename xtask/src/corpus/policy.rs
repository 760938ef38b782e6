//! The mediator's policy over a board's tree, run as Xen runs it while
//! it builds the hardware domain's tree: the probe picks the SCMI node,
//! then every node is asked about in document order, and a node left out
//! takes its subtree with it. The tree is read by the project's own
//! reader (`tests/fdt-reader`) through the policy's `DeviceTree` trait.

use fdt_reader::{Fdt, FdtNode};
use scmi_smc::agents::{AgentTable, SCI_COMPATIBLE};
use scmi_smc::dt::{
    dom0_node_action, dom0_node_action_multi_agent, DeviceTree, Dom0DtSink, DtProblem, NodeAction,
    ScmiUses, SharedPage, SCMI_SMC_COMPATIBLE,
};
use scmi_smc::smccc::SMCCC_VERSION_1_1;

/// The three ways Xen can run the mediator on a board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// No option: the hardware domain owns SCMI.
    Default,
    /// `scmi-smc-passthrough`: another domain owns it.
    Passthrough,
    /// The multi-agent build's hook.
    MultiAgent,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Default, Mode::Passthrough, Mode::MultiAgent];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Default => "default",
            Mode::Passthrough => "passthrough",
            Mode::MultiAgent => "multi-agent",
        }
    }
}

/// What the walk did in one mode.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Paths of the nodes left out, in document order.
    pub skipped: Vec<String>,
    /// Frames granted, first and last, in the order granted.
    pub grants: Vec<(u64, u64)>,
    /// Problems reported, at the path of the node named.
    pub problems: Vec<(String, DtProblem)>,
    /// Channels refused for sharing a page: the channel, the other node,
    /// the frame.
    pub shared: Vec<(String, String, u64)>,
    /// Kept nodes that refer to SCMI, with the lists that do.
    pub uses: Vec<(String, Vec<String>)>,
}

/// The policy's verdict on one tree.
pub struct Run {
    /// The function id the probe accepted, or why none was.
    pub probe: Result<u32, String>,
    pub outcomes: [Outcome; 3],
}

/// Runs the probe and the three walks over `blob`.
pub fn run(blob: &[u8]) -> Result<Run, String> {
    let fdt = Fdt::new(blob).map_err(|err| format!("fdt-reader refuses the blob: {err:?}"))?;
    let root = fdt.root().ok_or("fdt-reader finds no root node")?;
    let probe = probe(&fdt);
    let has_container = fdt.next_compatible(None, SCI_COMPATIBLE).is_some();
    let outcomes = Mode::ALL.map(|mode| {
        let mut sink = Collect::default();
        let mut skipped = Vec::new();
        walk(&fdt, root, "/", &mut |node, path| {
            // Without a registered mediator Xen never asks it.
            let action = match (&probe, mode) {
                (Err(_), _) => NodeAction::Keep,
                (Ok(_), Mode::Default) => {
                    dom0_node_action(&fdt, node, true, SharedPage::Refuse, &mut sink)
                }
                (Ok(_), Mode::Passthrough) => {
                    dom0_node_action(&fdt, node, false, SharedPage::Refuse, &mut sink)
                }
                // The multi-agent mediator takes only an SCMI node inside a
                // "xen,sci" container, which no board tree has: Xen then
                // registers no mediator and keeps every node.
                (Ok(_), Mode::MultiAgent) if !has_container => NodeAction::Keep,
                (Ok(_), Mode::MultiAgent) => {
                    dom0_node_action_multi_agent(&fdt, node, &AgentTable::new(), &mut sink)
                }
            };
            if action.is_skip() {
                skipped.push(path.to_string());
            }
            action
        });
        Outcome {
            skipped,
            grants: sink.grants,
            problems: sink
                .problems
                .into_iter()
                .map(|(node, problem)| (path_of(&fdt, node), problem))
                .collect(),
            shared: sink
                .shared
                .into_iter()
                .map(|(channel, with, pfn)| (path_of(&fdt, channel), path_of(&fdt, with), pfn))
                .collect(),
            uses: sink
                .uses
                .into_iter()
                .map(|(node, uses)| {
                    let names = uses.names().map(|n| n.to_string_lossy().into_owned());
                    (path_of(&fdt, node), names.collect())
                })
                .collect(),
        }
    });
    Ok(Run { probe, outcomes })
}

/// Xen's probe: each enabled "arm,scmi-smc" node in document order is
/// offered to the mediator until one is accepted (DT boot, SMCCC 1.1).
fn probe(fdt: &Fdt<'_>) -> Result<u32, String> {
    let mut refusals = Vec::new();
    let mut at = fdt.next_compatible(None, SCMI_SMC_COMPATIBLE);
    while let Some(node) = at {
        if fdt.is_available(node) {
            let id = fdt.property(node, c"arm,smc-id");
            match scmi_smc::probe::probe(false, SMCCC_VERSION_1_1, id) {
                Ok(id) => return Ok(id.0),
                Err(err) => refusals.push(format!("{}: {err:?}", path_of(fdt, node))),
            }
        }
        at = fdt.next_compatible(Some(node), SCMI_SMC_COMPATIBLE);
    }
    if refusals.is_empty() {
        Err("no enabled arm,scmi-smc node".into())
    } else {
        Err(refusals.join("; "))
    }
}

/// Asks `decide` about `node` and, unless it is left out, about each of
/// its children in turn: Xen's pre-order walk of the host tree. Xen
/// leaves out `/cpus` and memory nodes (with their subtrees) before it
/// asks the mediator (`handle_node()`'s `skip_matches`); the other nodes
/// it leaves out there (PSCI, PMUs, its own domains' nodes) refer to no
/// SCMI provider in these trees.
fn walk(
    fdt: &Fdt<'_>,
    node: FdtNode,
    path: &str,
    decide: &mut dyn FnMut(FdtNode, &str) -> NodeAction,
) {
    let memory = fdt
        .property(node, c"device_type")
        .is_some_and(|t| t.split(|b| *b == 0).next() == Some(b"memory"));
    if path == "/cpus" || memory {
        return;
    }
    if decide(node, path).is_skip() {
        return;
    }
    let mut child = fdt.first_child(node);
    while let Some(here) = child {
        let name = String::from_utf8_lossy(fdt.name(here));
        let below = if path == "/" {
            format!("/{name}")
        } else {
            format!("{path}/{name}")
        };
        walk(fdt, here, &below, decide);
        child = fdt.next_sibling(here);
    }
}

/// The node's full path, from its ancestors' names.
fn path_of(fdt: &Fdt<'_>, node: FdtNode) -> String {
    let mut names = Vec::new();
    let mut at = Some(node);
    while let Some(here) = at {
        at = fdt.parent(here);
        if at.is_some() {
            names.push(String::from_utf8_lossy(fdt.name(here)).into_owned());
        }
    }
    names.reverse();
    format!("/{}", names.join("/"))
}

/// A sink that keeps what the policy asks Xen to do.
#[derive(Default)]
struct Collect {
    grants: Vec<(u64, u64)>,
    problems: Vec<(FdtNode, DtProblem)>,
    shared: Vec<(FdtNode, FdtNode, u64)>,
    uses: Vec<(FdtNode, ScmiUses)>,
}

impl Dom0DtSink<FdtNode> for Collect {
    fn grant(&mut self, first_pfn: u64, last_pfn: u64) {
        self.grants.push((first_pfn, last_pfn));
    }
    fn problem(&mut self, at: FdtNode, problem: DtProblem) {
        self.problems.push((at, problem));
    }
    fn shared_page(&mut self, channel: FdtNode, with: FdtNode, pfn: u64, granted: bool) {
        // The corpus runs Xen's default, which refuses.
        debug_assert!(!granted);
        self.shared.push((channel, with, pfn));
    }
    fn uses_scmi(&mut self, node: FdtNode, uses: ScmiUses) {
        self.uses.push((node, uses));
    }
}
