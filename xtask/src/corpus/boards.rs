//! One report per tree, the summary over all of them, and the table of
//! boards in `docs/boards.md`.

use super::expect::{self, pfn_list};
use super::policy::{self, Mode};
use super::reading::{Channel, Tree, PAGE_SHIFT};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What one tree showed.
pub struct Report {
    /// The `.dtb`, relative to the package's tree directory.
    pub file: String,
    /// The root's `model`.
    pub model: String,
    /// The SoC family, from the root's `compatible`.
    pub family: String,
    /// Whether any node is compatible with "arm,scmi-smc".
    pub smc: bool,
    /// Whether any node uses the mailbox transport ("arm,scmi").
    pub mailbox: bool,
    /// Whether dtoolkit's checked constructor refused the blob for a
    /// node or property name the specification does not allow.
    pub long_names: bool,
    /// The SCMI-over-SMC facts, for a tree with such a node.
    pub board: Option<Board>,
    /// Per mode: nodes left out, grants, problems reported by the policy,
    /// channels refused for sharing a page, kept nodes using SCMI.
    pub counts: [[usize; 5]; 3],
    /// Differences between the policy and the reading.
    pub mismatches: Vec<String>,
}

/// A board with SCMI over SMC, as the table shows it.
pub struct Board {
    /// Each "arm,scmi-smc" node's function id, as written in the table.
    pub smc_ids: Vec<String>,
    /// Each channel referred to, once.
    pub channels: Vec<ChannelFacts>,
    /// Frames the policy granted in passthrough.
    pub granted: Vec<(u64, u64)>,
    /// Channels refused in passthrough for sharing a page: the channel,
    /// the other node, the frame.
    pub shared: Vec<(String, String, u64)>,
    /// Nodes the hardware domain keeps in passthrough that refer to SCMI,
    /// with the lists that do.
    pub users: Vec<(String, Vec<String>)>,
}

/// Where a channel lies.
pub struct ChannelFacts {
    pub addr: u64,
    pub size: u64,
    /// Under /reserved-memory (with `no-map` or not), in an `mmio-sram`,
    /// or elsewhere; and in RAM when a memory node covers it.
    pub placement: String,
    /// Other nodes whose `reg` touches one of its 4 KiB pages.
    pub shares: Vec<String>,
}

/// Runs both readings over one blob.
pub fn examine(file: &str, blob: &[u8]) -> Report {
    let mut report = Report {
        file: file.to_string(),
        model: String::new(),
        family: String::new(),
        smc: false,
        mailbox: false,
        long_names: false,
        board: None,
        counts: [[0; 5]; 3],
        mismatches: Vec::new(),
    };
    let run = match policy::run(blob) {
        Ok(run) => Some(run),
        Err(why) => {
            report.mismatches.push(why);
            None
        }
    };
    let tree = match Tree::read(blob) {
        Ok((tree, long_names)) => {
            report.long_names = long_names;
            tree
        }
        Err(why) => {
            report.mismatches.push(why);
            return report;
        }
    };
    let compatible = tree.compatible(0);
    report.model = tree
        .string(0, "model")
        .unwrap_or_else(|| compatible.first().map_or("", |c| *c).to_string());
    report.family = family(compatible.last().copied().unwrap_or(""));
    let all = 0..tree.nodes.len();
    report.smc = all.clone().any(|i| tree.is_compatible(i, "arm,scmi-smc"));
    report.mailbox = all.clone().any(|i| tree.is_compatible(i, "arm,scmi"));
    let scmi = expect::scmi(&tree);
    let Some(run) = run else {
        return report;
    };
    report.mismatches = expect::compare(&tree, &scmi, &run);
    for (count, outcome) in report.counts.iter_mut().zip(&run.outcomes) {
        *count = [
            outcome.skipped.len(),
            outcome.grants.len(),
            outcome.problems.len(),
            outcome.shared.len(),
            outcome.uses.len(),
        ];
    }
    if report.smc {
        let smc_ids = all
            .filter(|i| tree.is_compatible(*i, "arm,scmi-smc"))
            .map(|i| smc_id(&tree, i))
            .collect();
        let mut channels: Vec<&Channel> = Vec::new();
        for channel in &scmi.channels {
            if !channels.iter().any(|c| c.node == channel.node) {
                channels.push(channel);
            }
        }
        let passthrough = Mode::ALL.iter().position(|m| *m == Mode::Passthrough);
        let outcome = passthrough.map(|i| &run.outcomes[i]);
        report.board = Some(Board {
            smc_ids,
            channels: channels
                .into_iter()
                .map(|c| facts(&tree, &scmi, c))
                .collect(),
            granted: outcome.map_or_else(Vec::new, |o| o.grants.clone()),
            shared: outcome.map_or_else(Vec::new, |o| o.shared.clone()),
            users: outcome.map_or_else(Vec::new, |o| o.uses.clone()),
        });
    }
    report
}

/// The "arm,smc-id" of node `node` as the table writes it.
fn smc_id(tree: &Tree<'_>, node: usize) -> String {
    let id = tree
        .raw(node, "arm,smc-id")
        .and_then(|raw| raw.try_into().ok())
        .map(u32::from_be_bytes);
    let mut text = match id {
        Some(id) if id & (1 << 30) != 0 => format!("`{id:#x}` (SMC64)"),
        Some(id) => format!("`{id:#x}`"),
        None => "none".to_string(),
    };
    if !tree.is_enabled(node) {
        text.push_str(" (disabled)");
    }
    text
}

/// Where channel `channel` lies and what shares its pages.
fn facts(tree: &Tree<'_>, scmi: &expect::Scmi, channel: &Channel) -> ChannelFacts {
    let node = channel.node;
    let ancestors = tree.ancestors(node);
    let mut placement = if tree.nodes[node].path.starts_with("/reserved-memory/") {
        if tree.raw(node, "no-map").is_some() {
            "/reserved-memory, no-map".to_string()
        } else {
            "/reserved-memory".to_string()
        }
    } else if let Some(sram) = ancestors
        .iter()
        .find(|a| tree.is_compatible(**a, "mmio-sram"))
    {
        format!("mmio-sram `{}`", tree.nodes[*sram].path)
    } else {
        let parent = ancestors
            .first()
            .map_or("/", |p| tree.nodes[*p].path.as_str());
        format!("under `{parent}`")
    };
    let (first, last) = channel.pfns();
    let touches = |(addr, size): (u64, u64)| {
        let end = addr.saturating_add(size - 1);
        addr >> PAGE_SHIFT <= last && end >> PAGE_SHIFT >= first
    };
    let mut in_ram = false;
    let mut shares = Vec::new();
    for other in 0..tree.nodes.len() {
        let with_scmi = scmi
            .nodes
            .iter()
            .any(|s| other == *s || tree.is_below(other, *s));
        if other == node
            || ancestors.contains(&other)
            || tree.is_below(other, node)
            || with_scmi
            || scmi.left_out.contains(&other)
        {
            continue;
        }
        if !tree.cpu_ranges(other).into_iter().any(touches) {
            continue;
        }
        if tree.string(other, "device_type").as_deref() == Some("memory") {
            in_ram = true;
        } else {
            shares.push(format!("`{}`", tree.nodes[other].path));
        }
    }
    if in_ram {
        placement.push_str(", in RAM");
    }
    ChannelFacts {
        addr: channel.addr,
        size: channel.size,
        placement,
        shares,
    }
}

/// A readable SoC family from the root's last (most general)
/// compatible string.
fn family(soc: &str) -> String {
    match soc {
        "rockchip,rk3566" | "rockchip,rk3568" => return "Rockchip RK356x".into(),
        "rockchip,rk3588" | "rockchip,rk3588s" => return "Rockchip RK3588/RK3588S".into(),
        "arm,vexpress" => return "Arm Versatile Express".into(),
        _ => {}
    }
    let (vendor, part) = soc.split_once(',').unwrap_or(("", soc));
    let vendor = match vendor {
        "rockchip" => "Rockchip",
        "amlogic" => "Amlogic",
        "fsl" | "nxp" => "NXP",
        "arm" => "Arm",
        other => other,
    };
    let part = match part.strip_prefix("imx") {
        Some(rest) => format!("i.MX{}", rest.to_uppercase()),
        None => part.to_uppercase(),
    };
    format!("{vendor} {part}").trim().to_string()
}

/// Counts over every tree.
pub struct Summary {
    pub trees: usize,
    pub smc_trees: usize,
    pub families: BTreeMap<String, usize>,
    pub mailbox: Vec<String>,
    pub long_names: usize,
    /// Per mode: trees with a node left out, nodes left out, grants,
    /// problems, channels refused for sharing a page, kept nodes using
    /// SCMI.
    pub modes: [[usize; 6]; 3],
    pub mismatched_trees: usize,
}

impl Summary {
    pub fn of(reports: &[Report]) -> Self {
        let mut summary = Summary {
            trees: reports.len(),
            smc_trees: 0,
            families: BTreeMap::new(),
            mailbox: Vec::new(),
            long_names: 0,
            modes: [[0; 6]; 3],
            mismatched_trees: 0,
        };
        for report in reports {
            if report.smc {
                summary.smc_trees += 1;
                *summary.families.entry(report.family.clone()).or_default() += 1;
            }
            summary.long_names += usize::from(report.long_names);
            if report.mailbox {
                summary.mailbox.push(report.file.clone());
            }
            for (mode, counts) in summary.modes.iter_mut().zip(&report.counts) {
                mode[0] += usize::from(counts[0] > 0);
                mode[1] += counts[0];
                mode[2] += counts[1];
                mode[3] += counts[2];
                mode[4] += counts[3];
                mode[5] += counts[4];
            }
            summary.mismatched_trees += usize::from(!report.mismatches.is_empty());
        }
        summary
    }

    pub fn print(&self) {
        println!(
            "corpus: {} trees, {} with arm,scmi-smc ({})",
            self.trees,
            self.smc_trees,
            self.families
                .iter()
                .map(|(family, n)| format!("{family}: {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!(
            "corpus: {} with the mailbox transport (arm,scmi), not handled: {}",
            self.mailbox.len(),
            self.mailbox.join(", ")
        );
        println!(
            "corpus: {} trees have names the DT specification does not allow (over 31 \
             characters), which dtoolkit's checked constructor refuses: read unchecked",
            self.long_names
        );
        for (mode, [trees, skipped, grants, problems, shared, users]) in
            Mode::ALL.iter().zip(self.modes)
        {
            println!(
                "corpus: {:<11}: {skipped} nodes left out in {trees} trees, {grants} grants, \
                 {problems} problems, {shared} channels refused for a shared page, \
                 {users} kept nodes using SCMI",
                mode.name()
            );
        }
        println!(
            "corpus: {} of {} trees mismatched",
            self.mismatched_trees, self.trees
        );
    }
}

/// The line naming the package, which the up-to-date check ignores.
pub const VERSION_LINE: &str = "Trees of Debian's `linux-image-";

/// `docs/boards.md`.
pub fn render(version: &str, reports: &[Report], summary: &Summary) -> String {
    let mut doc = String::new();
    let out = &mut doc;
    let _ = writeln!(out, "# Real boards' device trees\n");
    let _ = writeln!(
        out,
        "<!-- Generated by `cargo xtask corpus --write-docs`; edit the generator \
         (xtask/src/corpus/), not this file. -->\n"
    );
    let _ = writeln!(
        out,
        "{VERSION_LINE}{version}` package (the kernel the QEMU scenarios boot), \
         read by `cargo xtask corpus`, which the test command runs. Every `.dtb` \
         goes through the policy as Xen runs it on the hardware domain's tree, in \
         each mode: dom0 owning SCMI (everything kept), `scmi-smc-passthrough` \
         (the SCMI nodes and their channels left out, the channels' frames \
         granted) and multi-agent mode (which takes an SCMI node only inside \
         a `xen,sci` container, Xen's configuration that no board tree has: \
         no mediator, everything kept). Each result is checked against an independent reading \
         of the same blob by the dtoolkit crate: the enabled `arm,scmi-smc` \
         nodes, the `arm,scmi-shmem` nodes their `shmem` lists (and their \
         protocol nodes') name, each channel translated through every bus's \
         `ranges`, and the 4 KiB frames it touches. A difference fails the \
         command, and so does this file when it no longer matches the trees.\n"
    );
    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(out, "| | trees |\n|---|---|");
    let _ = writeln!(out, "| all board trees | {} |", summary.trees);
    let _ = writeln!(out, "| with `arm,scmi-smc` | {} |", summary.smc_trees);
    for (family, n) in &summary.families {
        let _ = writeln!(out, "| - {family} | {n} |");
    }
    let _ = writeln!(
        out,
        "| with the mailbox transport (`arm,scmi`), not handled | {} |",
        summary.mailbox.len()
    );
    let _ = writeln!(
        out,
        "| with node or property names the specification does not allow (dtoolkit \
         reads them unchecked) | {} |",
        summary.long_names
    );
    let _ = writeln!(
        out,
        "| where the policy and the reading differ | {} |\n",
        summary.mismatched_trees
    );
    let _ = writeln!(
        out,
        "| mode | trees with nodes left out | nodes left out | grants | problems | \
         channels refused, page shared | kept nodes using SCMI |\n\
         |---|---|---|---|---|---|---|"
    );
    for (mode, [trees, skipped, grants, problems, shared, users]) in
        Mode::ALL.iter().zip(summary.modes)
    {
        let _ = writeln!(
            out,
            "| {} | {trees} | {skipped} | {grants} | {problems} | {shared} | {users} |",
            mode.name()
        );
    }
    let _ = writeln!(out, "\n## Boards with SCMI over SMC\n");
    let _ = writeln!(
        out,
        "*Channel* is the CPU address and size of each `arm,scmi-shmem` node \
         referred to; *placement* says whether it is a `/reserved-memory` \
         child (and `no-map`), inside an `mmio-sram` node, or elsewhere, and \
         whether a memory node covers it; *shares its page with* lists the \
         other nodes whose `reg` touches one of its 4 KiB pages (not counting \
         the nodes above it, memory nodes, the SCMI nodes and their other \
         channels); *granted* is what dom0 may map in passthrough \
         (frame numbers, first-last), where a channel that shares its page is \
         refused unless the integrator opts in (`scmi-smc-shared-page`); \
         *dom0 nodes using SCMI* are the enabled nodes dom0 keeps in \
         passthrough whose `clocks`, `assigned-clocks`, `assigned-clock-parents`, \
         `power-domains`, `resets`, `performance-domains` or `thermal-sensors` \
         name the SCMI node or one of its protocol nodes (Xen prints a line \
         for each; an integrator moves them to the driver domain with SCMI).\n"
    );
    let _ = writeln!(
        out,
        "| tree | board | SoC family | smc-id | channel | placement | shares its page with | granted | dom0 nodes using SCMI |\n\
         |---|---|---|---|---|---|---|---|---|"
    );
    for report in reports {
        let Some(board) = &report.board else {
            continue;
        };
        let channel = |f: &dyn Fn(&ChannelFacts) -> String| {
            if board.channels.is_empty() {
                "none".to_string()
            } else {
                board.channels.iter().map(f).collect::<Vec<_>>().join("; ")
            }
        };
        let mut granted = pfn_list(&board.granted);
        for (_, _, pfn) in &board.shared {
            let _ = write!(granted, "; refused: page {pfn:#x} shared");
        }
        let users = if board.users.is_empty() {
            "-".to_string()
        } else {
            board
                .users
                .iter()
                .map(|(path, lists)| format!("`{path}` ({})", lists.join(", ")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} |",
            report.file,
            report.model,
            report.family,
            board.smc_ids.join("; "),
            channel(&|c| format!("`{:#x}`, {:#x} bytes", c.addr, c.size)),
            channel(&|c| c.placement.clone()),
            channel(&|c| if c.shares.is_empty() {
                "-".to_string()
            } else {
                c.shares.join(", ")
            }),
            granted,
            users,
        );
    }
    let _ = writeln!(out, "\n## Boards with the mailbox transport\n");
    let _ = writeln!(
        out,
        "Their SCMI node is `arm,scmi` (a mailbox doorbell, not an SMC): not this \
         mediator's, and every mode keeps all their nodes.\n"
    );
    let _ = writeln!(out, "| tree | board | SoC family |\n|---|---|---|");
    for report in reports.iter().filter(|r| r.mailbox) {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            report.file, report.model, report.family
        );
    }
    doc
}
