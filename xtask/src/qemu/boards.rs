//! Real boards' SCMI layouts on QEMU: the SCMI node and its channel, with
//! every node above the channel, read from a board's tree in Debian's
//! kernel package when the scenario is prepared (by dtoolkit, through the
//! corpus's reading) and moved so that the channel starts where the test
//! firmware serves the privileged agent. Everything else stays as the
//! board has it: node names, cell counts, `ranges`, `no-map`, sizes and
//! the SMC id.

use crate::corpus::expect;
use crate::corpus::reading::{self, Tree};
use anyhow::{bail, Context, Result};
use dtoolkit::{Node, Property};
use std::fmt::Write;

/// One board layout the scenarios boot.
#[derive(Clone, Copy, Debug)]
pub struct Board {
    /// The tree, relative to the package's `usr/lib/linux-image-*/`.
    pub dtb: &'static str,
    /// The board's `arm,smc-id`: the scenario's expected lines and the
    /// driver domain's tree say it, the board's tree must too.
    pub smc_id: u32,
    /// The channel's size made this (one page), for the layout the seed's
    /// R-Car example uses; `None` keeps the board's.
    pub channel_size: Option<u64>,
}

/// Where the moved channel starts: the privileged agent's channel.
const TARGET: u64 = qemu_platform::SCMI_SHMEM_BASE;

/// The label the moved channel gets, for the SCMI node's `shmem`.
const LABEL: &str = "board_shmem";

/// The dts text for `board`: our own SCMI node and channel deleted, the
/// board's in their place.
pub fn host_nodes(board: &Board) -> Result<String> {
    let package = crate::qemu::packages::kernel_package()?;
    let (_, dir) = crate::corpus::dtb_dir(&package)?;
    let path = dir.join(board.dtb);
    let blob = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    render(board, &blob).with_context(|| format!("{}: SCMI layout", board.dtb))
}

/// [`host_nodes`] of a blob.
pub fn render(board: &Board, blob: &[u8]) -> Result<String> {
    let (tree, _) = Tree::read(blob).map_err(anyhow::Error::msg)?;
    let scmi = (0..tree.nodes.len())
        .find(|i| tree.is_compatible(*i, "arm,scmi-smc") && tree.is_enabled(*i))
        .context("no enabled arm,scmi-smc node")?;
    let smc_id = tree
        .raw(scmi, "arm,smc-id")
        .and_then(|v| <[u8; 4]>::try_from(v).ok())
        .map(u32::from_be_bytes)
        .context("no one-cell arm,smc-id")?;
    if smc_id != board.smc_id {
        bail!(
            "arm,smc-id is {smc_id:#x}, the scenario expects {:#x}",
            board.smc_id
        );
    }
    let refs = reading::references(&tree, scmi);
    let [channel] = refs.channels.as_slice() else {
        bail!("{} channels, the scenarios handle one", refs.channels.len());
    };
    let size = board.channel_size.unwrap_or(channel.size);
    if size > qemu_platform::SCMI_SHMEM_SIZE {
        bail!("a channel of {size:#x} bytes is larger than the firmware's page");
    }
    let mover = Mover {
        tree: &tree,
        delta: TARGET.wrapping_sub(channel.addr),
        channel: channel.node,
        size: board.channel_size,
    };

    let mut s = String::new();
    s.push_str("\n/* The board's SCMI nodes (cargo xtask qemu, boards.rs). */\n");
    s.push_str(
        "/delete-node/ &scmi_shmem;\n/ {\n\tfirmware {\n\t\t/delete-node/ scmi;\n\t};\n};\n",
    );
    // The channel with every node above it, outermost first; then the
    // node that shares its page, if any (C3's secure-monitor memory),
    // moved with it so that it still does.
    let sharer = expect::sharer(&tree, &expect::scmi(&tree), channel).map(|(node, _)| node);
    s.push_str("/ {\n");
    for node in std::iter::once(channel.node).chain(sharer) {
        let mut chain = tree.ancestors(node);
        chain.pop(); // the root
        chain.reverse();
        chain.push(node);
        for (depth, node) in chain.iter().enumerate() {
            mover.open(&mut s, *node, depth + 1);
        }
        for depth in (1..=chain.len()).rev() {
            let _ = writeln!(s, "{}}};", "\t".repeat(depth));
        }
    }
    // The SCMI node at its own path, its sub-nodes as they are.
    let mut above = tree.ancestors(scmi);
    above.pop();
    above.reverse();
    for (depth, node) in above.iter().enumerate() {
        let _ = writeln!(
            s,
            "{}{} {{",
            "\t".repeat(depth + 1),
            tree.nodes[*node].node.name()
        );
    }
    copy_subtree(&tree, scmi, above.len() + 1, &mut s);
    for depth in (1..=above.len()).rev() {
        let _ = writeln!(s, "{}}};", "\t".repeat(depth));
    }
    s.push_str("};\n");
    Ok(s)
}

/// Moves the nodes of the channel's chain by `delta` in the CPU's address
/// space.
struct Mover<'t, 'a> {
    tree: &'t Tree<'a>,
    delta: u64,
    channel: usize,
    size: Option<u64>,
}

impl Mover<'_, '_> {
    /// Writes node `index`'s name and properties (not its end): its `reg`
    /// moved when it is in the CPU's address space, its `ranges` windows'
    /// parent side when its parent is.
    fn open(&self, s: &mut String, index: usize, depth: usize) {
        let tree = self.tree;
        let tab = "\t".repeat(depth);
        let node = tree.nodes[index].node;
        let parent = tree.nodes[index].parent.unwrap_or(0);
        let moved = cpu_space(tree, parent);
        let (pa, ps) = cells(tree, parent);
        let mut name = node.name().to_string();
        let mut props = String::new();
        for prop in node.properties() {
            let value = prop.value();
            let text = match prop.name() {
                "phandle" | "linux,phandle" => continue,
                "reg" => {
                    let mut reg = value.to_vec();
                    for entry in reg.chunks_exact_mut((pa + ps) * 4) {
                        let (addr, len) = entry.split_at_mut(pa * 4);
                        if moved {
                            shift(addr, self.delta);
                        }
                        if let (true, Some(size)) = (index == self.channel, self.size) {
                            put(len, u128::from(size));
                        }
                    }
                    if moved {
                        if let Some(first) = reg.get(..pa * 4) {
                            let base = node.name().split('@').next().unwrap_or_default();
                            name = format!("{base}@{:x}", get(first));
                        }
                    }
                    value_text(&reg)
                }
                "ranges" if moved && !value.is_empty() => {
                    let (ca, cs) = cells(tree, index);
                    let mut ranges = value.to_vec();
                    for window in ranges.chunks_exact_mut((ca + pa + cs) * 4) {
                        shift(&mut window[ca * 4..(ca + pa) * 4], self.delta);
                    }
                    value_text(&ranges)
                }
                _ => value_text(value),
            };
            let _ = writeln!(props, "{tab}\t{}{text};", prop.name());
        }
        let label = if index == self.channel {
            format!("{LABEL}: ")
        } else {
            String::new()
        };
        let _ = write!(s, "{tab}{label}{name} {{\n{props}");
    }
}

/// Copies node `index` and everything below it, but for phandles; the
/// SCMI node's `shmem` names the moved channel.
fn copy_subtree(tree: &Tree<'_>, index: usize, depth: usize, s: &mut String) {
    let tab = "\t".repeat(depth);
    let node = tree.nodes[index].node;
    let _ = writeln!(s, "{tab}{} {{", node.name());
    for prop in node.properties() {
        let text = match prop.name() {
            "phandle" | "linux,phandle" => continue,
            "shmem" => format!(" = <&{LABEL}>"),
            _ => value_text(prop.value()),
        };
        let _ = writeln!(s, "{tab}\t{}{text};", prop.name());
    }
    for child in (index + 1..tree.nodes.len()).filter(|c| tree.nodes[*c].parent == Some(index)) {
        copy_subtree(tree, child, depth + 1, s);
    }
    let _ = writeln!(s, "{tab}}};");
}

/// Whether addresses on the bus of node `bus` are CPU addresses: the root,
/// or a node with an empty `ranges` on such a bus.
fn cpu_space(tree: &Tree<'_>, bus: usize) -> bool {
    match tree.nodes[bus].parent {
        None => true,
        Some(above) => tree.raw(bus, "ranges") == Some(&[][..]) && cpu_space(tree, above),
    }
}

/// The `#address-cells` and `#size-cells` node `bus` gives its children
/// (2 and 1 when absent, as the DT specification says).
fn cells(tree: &Tree<'_>, bus: usize) -> (usize, usize) {
    let cell = |name: &str, default: usize| {
        tree.raw(bus, name)
            .and_then(|v| <[u8; 4]>::try_from(v).ok())
            .map_or(default, |v| u32::from_be_bytes(v) as usize)
    };
    (cell("#address-cells", 2), cell("#size-cells", 1))
}

/// A big-endian number of any number of cells.
fn get(bytes: &[u8]) -> u128 {
    bytes.iter().fold(0, |n, b| (n << 8) | u128::from(*b))
}

/// Writes `value` into `bytes`, big-endian, keeping their length.
fn put(bytes: &mut [u8], value: u128) {
    let mut value = value;
    for byte in bytes.iter_mut().rev() {
        *byte = value as u8;
        value >>= 8;
    }
}

/// Adds `delta` (modulo the field's width) to a big-endian address.
fn shift(bytes: &mut [u8], delta: u64) {
    let width = bytes.len() * 8;
    let sum = get(bytes).wrapping_add(u128::from(delta));
    let mask = if width >= 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    };
    put(bytes, sum & mask);
}

/// A property value as dts: nothing for an empty one, strings when it is
/// NUL-terminated printable text, cells when it is whole cells, bytes
/// otherwise.
fn value_text(value: &[u8]) -> String {
    if value.is_empty() {
        return String::new();
    }
    let printable = |part: &[u8]| {
        !part.is_empty()
            && part.iter().all(|b| b.is_ascii_graphic() || *b == b' ')
            && !part.contains(&b'"')
            && !part.contains(&b'\\')
    };
    if value.ends_with(&[0]) {
        let parts: Vec<&[u8]> = value[..value.len() - 1].split(|b| *b == 0).collect();
        if parts.iter().all(|p| printable(p)) {
            let strings: Vec<String> = parts
                .iter()
                .map(|p| format!("\"{}\"", String::from_utf8_lossy(p)))
                .collect();
            return format!(" = {}", strings.join(", "));
        }
    }
    if value.len().is_multiple_of(4) {
        let cells: Vec<String> = value
            .chunks_exact(4)
            .map(|c| format!("{:#x}", u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
            .collect();
        return format!(" = <{}>", cells.join(" "));
    }
    let bytes: Vec<String> = value.iter().map(|b| format!("{b:02x}")).collect();
    format!(" = [{}]", bytes.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_as_dts() {
        assert_eq!(value_text(b""), "");
        assert_eq!(value_text(b"arm,scmi-shmem\0"), " = \"arm,scmi-shmem\"");
        assert_eq!(value_text(b"a\0b\0"), " = \"a\", \"b\"");
        assert_eq!(value_text(&[0, 0, 0, 0x14]), " = <0x14>");
        assert_eq!(value_text(&[1, 2]), " = [01 02]");
    }

    #[test]
    fn addresses_move_within_their_cells() {
        let mut two = [0, 0, 0, 0, 0, 0x10, 0xf0, 0];
        shift(&mut two, 0xbff0_0000 - 0x10_f000);
        assert_eq!(get(&two), 0xbff0_0000);
        let mut one = [0, 0x10, 0xf0, 0];
        shift(&mut one, 0xbff0_0000 - 0x10_f000);
        assert_eq!(get(&one), 0xbff0_0000);
    }
}
