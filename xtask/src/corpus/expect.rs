//! What the mediator should do with a tree in each mode, from the
//! independent reading alone, and the comparison with what the policy
//! did.

use super::policy::{Mode, Outcome, Run};
use super::reading::{references, Channel, Fault, Tree, PAGE_SHIFT};
use scmi_smc::dt::DtProblem;
use std::collections::BTreeSet;

/// The expected result of one mode, in the policy's terms.
#[derive(Default)]
pub struct Expected {
    pub skipped: Vec<String>,
    pub grants: Vec<(u64, u64)>,
    pub faults: Vec<(String, Fault)>,
    /// Channels refused for sharing a page: channel, other node, frame.
    pub shared: Vec<(String, String, u64)>,
    /// Kept nodes that refer to SCMI, and the lists that do.
    pub uses: Vec<(String, Vec<String>)>,
}

/// Everything the reading finds about a tree's SCMI-over-SMC part.
pub struct Scmi {
    /// The function id Xen's probe should accept (the first enabled
    /// node's whose id is a SiP fast call), if any.
    pub accepted_id: Option<u32>,
    /// The channels the nodes Xen visits refer to, once per reference.
    pub channels: Vec<Channel>,
    /// Nodes the hardware domain must not see: the SCMI nodes and every
    /// "arm,scmi-shmem" node they name, those below another one left out.
    pub skipped: Vec<usize>,
    /// What is wrong.
    pub faults: Vec<(usize, Fault)>,
    /// The enabled "arm,scmi-smc" nodes.
    pub nodes: Vec<usize>,
    /// Every node left out with them, named or below one named.
    pub left_out: BTreeSet<usize>,
}

/// Reads the SCMI part of `tree`.
pub fn scmi(tree: &Tree<'_>) -> Scmi {
    let nodes: Vec<usize> = (0..tree.nodes.len())
        .filter(|i| tree.is_compatible(*i, "arm,scmi-smc") && tree.is_enabled(*i))
        .collect();
    let accepted_id = nodes.iter().find_map(|node| {
        let raw = tree.raw(*node, "arm,smc-id")?;
        let id = u32::from_be_bytes(raw.try_into().ok()?);
        super::reading::is_sip_fast_call(id).then_some(id)
    });
    let mut left_out = BTreeSet::new();
    let mut all = Vec::new();
    for node in &nodes {
        left_out.insert(*node);
        let refs = references(tree, *node);
        left_out.extend(refs.named.iter().copied());
        all.push((*node, refs));
    }
    // A node below one left out is never asked about.
    let hidden = |node: usize| left_out.iter().any(|above| tree.is_below(node, *above));
    let skipped: Vec<usize> = left_out.iter().copied().filter(|n| !hidden(*n)).collect();
    let mut channels = Vec::new();
    let mut faults = Vec::new();
    for (node, refs) in all {
        if !hidden(node) {
            channels.extend(refs.channels);
            faults.extend(refs.faults);
        }
    }
    Scmi {
        accepted_id,
        channels,
        skipped,
        faults,
        nodes,
        left_out,
    }
}

/// The first node in document order, and the first of the channel's
/// frames it touches, that puts something else in `channel`'s frames:
/// any node with a `reg`, but for the channel and what lies below it,
/// the nodes above it, memory nodes (which say where RAM is, not what is
/// in it), the SCMI nodes and what lies below them, and the other
/// channels they name, which all leave the hardware domain together.
pub fn sharer(tree: &Tree<'_>, scmi: &Scmi, channel: &Channel) -> Option<(usize, u64)> {
    let (first, last) = channel.pfns();
    let above = tree.ancestors(channel.node);
    let with_scmi = |node: usize| {
        scmi.nodes
            .iter()
            .any(|s| node == *s || tree.is_below(node, *s))
    };
    (0..tree.nodes.len())
        .filter(|other| {
            *other != channel.node
                && !tree.is_below(*other, channel.node)
                && !above.contains(other)
                && !with_scmi(*other)
                && !scmi.left_out.contains(other)
                && tree.string(*other, "device_type").as_deref() != Some("memory")
        })
        .find_map(|other| {
            tree.cpu_ranges(other).into_iter().find_map(|(addr, size)| {
                let (a, b) = (
                    addr >> PAGE_SHIFT,
                    addr.saturating_add(size - 1) >> PAGE_SHIFT,
                );
                (a <= last && b >= first).then_some((other, a.max(first)))
            })
        })
}

/// The phandle lists a device names SCMI's clocks, power domains,
/// resets, performance domains and sensors with, each with the
/// provider's property that gives the cells after a phandle (the
/// bindings in the kernel's `Documentation/devicetree/bindings`).
const LISTS: [(&str, &str); 7] = [
    ("clocks", "#clock-cells"),
    ("assigned-clocks", "#clock-cells"),
    ("assigned-clock-parents", "#clock-cells"),
    ("power-domains", "#power-domain-cells"),
    ("resets", "#reset-cells"),
    ("performance-domains", "#performance-domain-cells"),
    ("thermal-sensors", "#thermal-sensor-cells"),
];

/// The nodes the hardware domain keeps in passthrough that name an SCMI
/// node, or a node below one, in one of [`LISTS`]: enabled, not left out
/// with SCMI, not below a node left out, not where Xen builds its own
/// (`/cpus`, memory nodes).
pub fn users(tree: &Tree<'_>, scmi: &Scmi) -> Vec<(usize, Vec<String>)> {
    let under = |node: usize, tops: &[usize]| {
        tops.iter()
            .any(|top| node == *top || tree.is_below(node, *top))
    };
    let gone: Vec<usize> = scmi.left_out.iter().copied().collect();
    let xen_own: Vec<usize> = (0..tree.nodes.len())
        .filter(|n| {
            tree.nodes[*n].path == "/cpus"
                || tree.string(*n, "device_type").as_deref() == Some("memory")
        })
        .collect();
    let mut out = Vec::new();
    for node in 0..tree.nodes.len() {
        if !tree.is_enabled(node) || under(node, &gone) || under(node, &xen_own) {
            continue;
        }
        let names: Vec<String> = LISTS
            .iter()
            .filter(|(list, cells)| {
                tree.cells(node, list)
                    .is_some_and(|value| names_scmi(tree, scmi, &value, cells))
            })
            .map(|(list, _)| list.to_string())
            .collect();
        if !names.is_empty() {
            out.push((node, names));
        }
    }
    out
}

/// Whether a phandle of `value` names an SCMI node or a node below one,
/// reading each entry as a phandle and as many cells as its provider's
/// `cells` property gives (0 is an empty entry; an entry that cannot be
/// read ends the list).
fn names_scmi(tree: &Tree<'_>, scmi: &Scmi, value: &[u32], cells: &str) -> bool {
    let mut at = 0;
    while let Some(&phandle) = value.get(at) {
        at += 1;
        if phandle == 0 {
            continue;
        }
        let Some(provider) = tree.by_phandle(phandle) else {
            return false;
        };
        if scmi
            .nodes
            .iter()
            .any(|s| provider == *s || tree.is_below(provider, *s))
        {
            return true;
        }
        let Some(&[count]) = tree.cells(provider, cells).as_deref() else {
            return false;
        };
        at += count as usize;
    }
    false
}

/// The expected outcome of `mode`.
pub fn expected(tree: &Tree<'_>, scmi: &Scmi, mode: Mode) -> Expected {
    let path = |node: usize| tree.nodes[node].path.clone();
    if scmi.accepted_id.is_none() {
        return Expected::default();
    }
    match mode {
        Mode::Default => Expected::default(),
        Mode::Passthrough => {
            let mut grants = Vec::new();
            let mut shared = Vec::new();
            for channel in &scmi.channels {
                match sharer(tree, scmi, channel) {
                    None => grants.push(channel.pfns()),
                    Some((other, pfn)) => shared.push((path(channel.node), path(other), pfn)),
                }
            }
            Expected {
                skipped: scmi.skipped.iter().map(|n| path(*n)).collect(),
                grants,
                faults: scmi.faults.iter().map(|(n, f)| (path(*n), *f)).collect(),
                shared,
                uses: users(tree, scmi)
                    .into_iter()
                    .map(|(n, names)| (path(n), names))
                    .collect(),
            }
        }
        // The multi-agent mediator manages agents only through an SCMI
        // node in a "xen,sci" container, which is Xen's configuration,
        // not the board's: without one no mediator registers and every
        // node is kept.
        Mode::MultiAgent => Expected::default(),
    }
}

/// The reading's name for a problem the policy reported.
fn fault_of(problem: &DtProblem) -> Fault {
    match problem {
        DtProblem::MissingShmem => Fault::MissingShmem,
        DtProblem::BadShmemLength { .. } => Fault::BadShmemList,
        DtProblem::DanglingPhandle { .. } => Fault::BadPhandle,
        DtProblem::NotShmem { .. } => Fault::NotShmem,
        DtProblem::BadReg => Fault::BadReg,
        DtProblem::PastWindow => Fault::PastWindow,
        DtProblem::ZeroSize { .. } => Fault::ZeroSize,
        DtProblem::Overflow { .. } => Fault::Overflow,
        DtProblem::NotMediated => Fault::NotMediated,
        DtProblem::Wraps => Fault::Wraps,
        DtProblem::Truncated => Fault::Truncated,
        DtProblem::TooLarge { .. } => Fault::TooLarge,
        DtProblem::TooManyChildren { .. } => Fault::TooManyChildren,
        DtProblem::TreeTooLarge { .. } => Fault::TreeTooLarge,
    }
}

/// Every difference between the policy's run and the reading, one line
/// each.
pub fn compare(tree: &Tree<'_>, scmi: &Scmi, run: &Run) -> Vec<String> {
    let mut out = Vec::new();
    match (&run.probe, scmi.accepted_id) {
        (Ok(got), Some(want)) if *got == want => {}
        (Err(_), None) => {}
        (got, want) => out.push(format!(
            "probe: expected {}, the policy {}",
            want.map_or("no mediator".into(), |id| format!("smc-id {id:#x}")),
            match got {
                Ok(id) => format!("accepted {id:#x}"),
                Err(why) => format!("refused ({why})"),
            }
        )),
    }
    for (mode, outcome) in Mode::ALL.iter().zip(&run.outcomes) {
        let want = expected(tree, scmi, *mode);
        compare_mode(mode.name(), &want, outcome, &mut out);
    }
    out
}

fn compare_mode(mode: &str, want: &Expected, got: &Outcome, out: &mut Vec<String>) {
    if want.skipped != got.skipped {
        out.push(format!(
            "{mode}: left out {:?}, expected {:?}",
            got.skipped, want.skipped
        ));
    }
    let sorted = |list: &[(u64, u64)]| {
        let mut list = list.to_vec();
        list.sort_unstable();
        list
    };
    if sorted(&want.grants) != sorted(&got.grants) {
        out.push(format!(
            "{mode}: granted {}, expected {}",
            pfn_list(&got.grants),
            pfn_list(&want.grants)
        ));
    }
    let mut got_faults: Vec<(String, Fault)> = got
        .problems
        .iter()
        .map(|(path, problem)| (path.clone(), fault_of(problem)))
        .collect();
    let mut want_faults = want.faults.clone();
    got_faults.sort();
    want_faults.sort();
    if got_faults != want_faults {
        out.push(format!(
            "{mode}: problems reported {:?}, expected {want_faults:?}",
            got.problems
        ));
    }
    if want.shared != got.shared {
        out.push(format!(
            "{mode}: shared pages {:?}, expected {:?}",
            got.shared, want.shared
        ));
    }
    let sorted = |list: &[(String, Vec<String>)]| {
        let mut list = list.to_vec();
        list.sort();
        list
    };
    if sorted(&want.uses) != sorted(&got.uses) {
        out.push(format!(
            "{mode}: nodes using SCMI {:?}, expected {:?}",
            got.uses, want.uses
        ));
    }
}

/// Frame ranges as `0x10f-0x10f, ...` (or `none`).
pub fn pfn_list(grants: &[(u64, u64)]) -> String {
    if grants.is_empty() {
        return "none".into();
    }
    grants
        .iter()
        .map(|(first, last)| format!("{first:#x}-{last:#x}"))
        .collect::<Vec<_>>()
        .join(", ")
}
