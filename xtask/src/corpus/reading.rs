//! The independent reading of a board's tree: dtoolkit parses the blob,
//! and this module works out from the DT specification alone what the
//! mediator should do with it. Nothing here calls the policy or the
//! project's FDT reader, so the two readings can only agree by both
//! being right.

use dtoolkit::error::FdtErrorKind;
use dtoolkit::fdt::{Fdt, FdtNode};
use dtoolkit::standard::NodeStandard;
use dtoolkit::{Node, Property};
use std::collections::HashMap;

/// Frame size the grants are made in (Xen on Arm: 4 KiB pages).
pub const PAGE_SHIFT: u32 = 12;

/// Children of an SCMI node whose `shmem` the mediator reads; the policy
/// documents the same bound (`MAX_SCMI_CHILDREN`), and no real tree
/// comes near it.
const SCMI_CHILDREN_READ: usize = 64;

/// Largest channel the mediator grants (the policy's `MAX_CHANNEL_SIZE`,
/// 64 KiB: one page of the largest granule).
const CHANNEL_SIZE_BOUND: u64 = 0x1_0000;

/// One node, with what the reading needs to climb from it.
pub struct TreeNode<'a> {
    pub node: FdtNode<'a>,
    pub parent: Option<usize>,
    pub path: String,
}

/// A whole tree as dtoolkit reads it, in document order.
pub struct Tree<'a> {
    pub nodes: Vec<TreeNode<'a>>,
    by_phandle: HashMap<u32, usize>,
}

impl<'a> Tree<'a> {
    /// Reads `blob`; dtoolkit checks the whole structure first. Its check
    /// holds node and property names to the DT specification's 31
    /// characters and character set, which Linux's trees exceed
    /// (`#pinctrl-single,gpio-range-cells` has 32): a blob refused for a
    /// name is read without the check (the second value says so), every
    /// read still bounds-checked, and a panic in the crate is turned into
    /// an error.
    pub fn read(blob: &'a [u8]) -> Result<(Self, bool), String> {
        let (fdt, unchecked) = match Fdt::new(blob) {
            Ok(fdt) => (fdt, false),
            Err(err)
                if matches!(
                    err.kind,
                    FdtErrorKind::InvalidPropertyName | FdtErrorKind::InvalidNodeName
                ) =>
            {
                (Fdt::new_unchecked(blob), true)
            }
            Err(err) => return Err(format!("dtoolkit refuses the blob: {err}")),
        };
        let mut tree = Tree {
            nodes: Vec::new(),
            by_phandle: HashMap::new(),
        };
        let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            tree.add(fdt.root(), None);
        }));
        match built {
            Ok(()) => Ok((tree, unchecked)),
            Err(_) => Err("dtoolkit cannot read the blob (it panicked)".into()),
        }
    }

    fn add(&mut self, node: FdtNode<'a>, parent: Option<usize>) {
        let path = match parent {
            None => "/".to_string(),
            Some(0) => format!("/{}", node.name()),
            Some(p) => format!("{}/{}", self.nodes[p].path, node.name()),
        };
        let index = self.nodes.len();
        for name in ["phandle", "linux,phandle"] {
            if let Some(value) = self.cell(node, name) {
                self.by_phandle.entry(value).or_insert(index);
            }
        }
        self.nodes.push(TreeNode { node, parent, path });
        for child in node.children() {
            self.add(child, Some(index));
        }
    }

    /// A property that is exactly one cell.
    fn cell(&self, node: FdtNode<'a>, name: &str) -> Option<u32> {
        let value: &[u8] = node.property(name)?.value_as().ok()?;
        Some(u32::from_be_bytes(value.try_into().ok()?))
    }

    /// The raw bytes of a property.
    pub fn raw(&self, index: usize, name: &str) -> Option<&'a [u8]> {
        self.nodes[index].node.property(name)?.value_as().ok()
    }

    /// A string property (the first string of a list).
    pub fn string(&self, index: usize, name: &str) -> Option<String> {
        let raw = self.raw(index, name)?;
        let first = raw.split(|b| *b == 0).next().unwrap_or(raw);
        Some(String::from_utf8_lossy(first).into_owned())
    }

    /// The strings of the node's `compatible`.
    pub fn compatible(&self, index: usize) -> Vec<&'a str> {
        self.nodes[index]
            .node
            .compatible()
            .map(Iterator::collect)
            .unwrap_or_default()
    }

    pub fn is_compatible(&self, index: usize, compat: &str) -> bool {
        self.nodes[index].node.is_compatible(compat)
    }

    /// Enabled as the specification has it ("okay", or no status), with
    /// the older "ok" that kernels still accept.
    pub fn is_enabled(&self, index: usize) -> bool {
        match self.string(index, "status") {
            None => true,
            Some(status) => status == "okay" || status == "ok",
        }
    }

    /// Whether `ancestor` is above `index`.
    pub fn is_below(&self, index: usize, ancestor: usize) -> bool {
        let mut at = self.nodes[index].parent;
        while let Some(here) = at {
            if here == ancestor {
                return true;
            }
            at = self.nodes[here].parent;
        }
        false
    }

    /// The nodes above `index`, nearest first.
    pub fn ancestors(&self, index: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = self.nodes[index].parent;
        while let Some(here) = at {
            out.push(here);
            at = self.nodes[here].parent;
        }
        out
    }

    /// Every `reg` entry of the node as a CPU address range, for those
    /// that translate (the others, and nodes on buses that map nothing,
    /// such as I2C or CPU ids, are left out). An entry that runs past its
    /// bus window is where its start lands, with its size as written:
    /// where Xen maps it for the hardware domain.
    pub fn cpu_ranges(&self, index: usize) -> Vec<(u64, u64)> {
        let Ok(Some(entries)) = self.nodes[index].node.reg() else {
            return Vec::new();
        };
        entries
            .filter_map(|entry| {
                let addr = entry.address::<u128>().ok()?;
                let size = entry.size::<u128>().ok()?;
                let cpu = self
                    .translate(index, addr, size)
                    .or_else(|_| self.translate(index, addr, 1))
                    .ok()?;
                (size > 0).then_some((cpu, u64::try_from(size).ok()?))
            })
            .collect()
    }

    /// The node a phandle names.
    pub fn by_phandle(&self, phandle: u32) -> Option<usize> {
        self.by_phandle.get(&phandle).copied()
    }

    /// The big-endian cells of a property.
    pub fn cells(&self, index: usize, name: &str) -> Option<Vec<u32>> {
        let raw = self.raw(index, name)?;
        (raw.len() % 4 == 0).then(|| {
            raw.chunks_exact(4)
                .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
                .collect()
        })
    }

    /// The CPU address of the bus range `addr..addr + size` of node
    /// `index`: through the `ranges` of every bus above it, the whole
    /// range inside one window at each level (DT specification 2.3.8:
    /// no `ranges` maps nothing, an empty one maps 1:1).
    pub fn translate(&self, index: usize, addr: u128, size: u128) -> Result<u64, Fault> {
        let mut addr = addr;
        let mut bus = self.nodes[index].parent.ok_or(Fault::BadReg)?;
        while let Some(above) = self.nodes[bus].parent {
            let windows = match self.nodes[bus].node.ranges() {
                Ok(Some(windows)) => windows,
                Ok(None) | Err(_) => return Err(Fault::BadReg),
            };
            let mut mapped = None;
            let mut any = false;
            for window in windows {
                any = true;
                let child = window.child_bus_address::<u128>();
                let parent = window.parent_bus_address::<u128>();
                let len = window.length::<u128>();
                let (Ok(child), Ok(parent), Ok(len)) = (child, parent, len) else {
                    return Err(Fault::BadReg);
                };
                if addr >= child && addr < child + len {
                    if addr + size.max(1) > child + len {
                        return Err(Fault::PastWindow);
                    }
                    mapped = Some(parent + (addr - child));
                    break;
                }
            }
            addr = match (any, mapped) {
                (false, _) => addr,
                (true, Some(mapped)) => mapped,
                (true, None) => return Err(Fault::BadReg),
            };
            // Xen's sums are modulo 2^64, and a parent of one address
            // cell gets the low 32 bits: a range that needs more is
            // somewhere else to Xen.
            let end = addr + size.max(1);
            if end > 1 << 64 {
                return Err(Fault::Wraps);
            }
            let parent_cells = self.cell(self.nodes[above].node, "#address-cells");
            if parent_cells == Some(1) && end > 1 << 32 {
                return Err(Fault::Truncated);
            }
            bus = above;
        }
        u64::try_from(addr).map_err(|_| Fault::BadReg)
    }
}

/// Something wrong with the SCMI part of a tree, as this reading sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fault {
    MissingShmem,
    BadShmemList,
    BadPhandle,
    NotShmem,
    BadReg,
    PastWindow,
    ZeroSize,
    Overflow,
    NotMediated,
    Wraps,
    Truncated,
    TooLarge,
    TooManyChildren,
    TreeTooLarge,
}

/// One shared memory channel an SCMI node refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub node: usize,
    pub addr: u64,
    pub size: u64,
}

impl Channel {
    /// The frames it touches, first and last.
    pub fn pfns(&self) -> (u64, u64) {
        (
            self.addr >> PAGE_SHIFT,
            (self.addr + (self.size - 1)) >> PAGE_SHIFT,
        )
    }
}

/// What an SCMI node's `shmem` lists lead to, in the order they are read:
/// its own list, then each child's.
#[derive(Default)]
pub struct References {
    /// Every valid reference (a channel referred to twice is here twice).
    pub channels: Vec<Channel>,
    /// Every `arm,scmi-shmem` node named, valid or not.
    pub named: Vec<usize>,
    /// What is wrong, at the node it concerns.
    pub faults: Vec<(usize, Fault)>,
}

/// Follows the `shmem` lists of SCMI node `scmi`.
pub fn references(tree: &Tree<'_>, scmi: usize) -> References {
    let mut out = References::default();
    let children: Vec<usize> = (scmi + 1..tree.nodes.len())
        .filter(|i| tree.nodes[*i].parent == Some(scmi))
        .collect();
    if tree.raw(scmi, "shmem").is_none() {
        out.faults.push((scmi, Fault::MissingShmem));
    }
    if children.len() > SCMI_CHILDREN_READ {
        out.faults.push((scmi, Fault::TooManyChildren));
    }
    let owners = std::iter::once(scmi).chain(children.into_iter().take(SCMI_CHILDREN_READ));
    for owner in owners {
        // A disabled protocol node counts as absent (the SCMI node itself
        // is enabled, or it would not be read).
        if !tree.is_enabled(owner) {
            continue;
        }
        let Some(list) = tree.raw(owner, "shmem") else {
            continue;
        };
        if list.is_empty() || list.len() % 4 != 0 {
            out.faults.push((owner, Fault::BadShmemList));
            continue;
        }
        for cell in list.chunks_exact(4) {
            let phandle = u32::from_be_bytes([cell[0], cell[1], cell[2], cell[3]]);
            let target = match phandle {
                0 | u32::MAX => None,
                _ => tree.by_phandle.get(&phandle).copied(),
            };
            let Some(target) = target else {
                out.faults.push((owner, Fault::BadPhandle));
                continue;
            };
            if !tree.is_compatible(target, "arm,scmi-shmem") {
                out.faults.push((target, Fault::NotShmem));
                continue;
            }
            out.named.push(target);
            match channel(tree, target) {
                Ok(channel) => out.channels.push(channel),
                Err(fault) => out.faults.push((target, fault)),
            }
        }
    }
    out
}

/// The channel of an `arm,scmi-shmem` node: its first `reg` entry, read
/// with its parent's cell counts and translated to a CPU address.
fn channel(tree: &Tree<'_>, node: usize) -> Result<Channel, Fault> {
    let first = match tree.nodes[node].node.reg() {
        Ok(Some(mut entries)) => entries.next().ok_or(Fault::BadReg)?,
        Ok(None) | Err(_) => return Err(Fault::BadReg),
    };
    let addr = first.address::<u128>().map_err(|_| Fault::BadReg)?;
    let size = first.size::<u128>().map_err(|_| Fault::BadReg)?;
    if u64::try_from(addr).is_err() || u64::try_from(size).is_err() {
        return Err(Fault::BadReg);
    }
    let cpu = tree.translate(node, addr, size)?;
    let size = u64::try_from(size).map_err(|_| Fault::BadReg)?;
    if size == 0 {
        return Err(Fault::ZeroSize);
    }
    if cpu.checked_add(size - 1).is_none() {
        return Err(Fault::Overflow);
    }
    if size > CHANNEL_SIZE_BOUND {
        return Err(Fault::TooLarge);
    }
    Ok(Channel {
        node,
        addr: cpu,
        size,
    })
}

/// Whether an SMC function id is one the mediator can serve, read from
/// the SMC Calling Convention (ARM DEN 0028): a fast call (bit 31) owned
/// by the SiP service (bits 29:24 = 2), SMC32 or SMC64.
pub fn is_sip_fast_call(id: u32) -> bool {
    id & (1 << 31) != 0 && (id >> 24) & 0x3f == 2
}
