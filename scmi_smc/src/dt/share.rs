//! Whether a channel has its pages to itself.
//!
//! The hardware domain is granted whole 4 KiB frames: a channel that
//! shares a frame with anything else hands that over too (Amlogic C3's
//! 256-byte channel lies inside the secure monitor's reserved memory).
//! What else a frame holds is read from the tree: any node whose "reg"
//! touches one of the channel's frames, but for
//!
//! - the nodes above the channel (the SRAM or bus that holds it),
//! - the channel's own subtree, and every channel of an SCMI node the
//!   mediator handles (they leave the hardware domain together),
//! - the subtrees of those SCMI nodes,
//! - memory nodes (`device_type = "memory"`): they say where RAM is, not
//!   what lies in it, which `/reserved-memory` children say, and those
//!   count.
//!
//! The rest of a frame that no node describes does not count: a
//! channel smaller than a page, alone in it, is the usual layout
//! (RK3588, RK356x), and the tree says nothing else is there.
//!
//! A "reg" entry counts where Xen would map it for the hardware domain:
//! carried up through every bus (`bus::carry_up`, which never asks Xen's
//! translator and so prints nothing for nodes on buses that map nothing,
//! such as I2C); one that runs past its bus window counts from where its
//! start lands, with its size as written, as Xen maps it.

use super::bus::{carry_up, Span};
use super::names::{DEVICE_TYPE_PROPERTY, MEMORY, REG_PROPERTY};
use super::reg::take_cells;
use super::shmem::{handled_channel, ShmemRegion, Visitor, PAGE_SHIFT};
use super::{is_handled_scmi_node, DeviceTree, DtProblem, MAX_DEPTH};

/// Most nodes the walk looks at, climbs included: far more than any real
/// tree (the largest board tree Debian ships has a few thousand), and a
/// bound on a walk over a malformed one.
pub const MAX_TREE_NODES: usize = 1 << 16;

/// What else lies in a channel's frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sharing<N> {
    /// Nothing the tree describes.
    Alone,
    /// `node`, the first such in document order, touches frame `pfn` (the
    /// lowest of the channel's frames it touches).
    With {
        /// The other node.
        node: N,
        /// The frame.
        pfn: u64,
    },
    /// The walk gave up after [`MAX_TREE_NODES`] steps or
    /// [`MAX_DEPTH`] levels: not known.
    Unknown,
}

/// What else the tree puts in `region`'s frames.
#[inline(never)]
pub(super) fn sharing<T>(dt: &T, region: &ShmemRegion<T::Node>) -> Sharing<T::Node>
where
    T: DeviceTree + ?Sized,
{
    let frames = (region.first_pfn(), region.last_pfn());
    let mut root = region.node;
    for _ in 0..MAX_DEPTH {
        match dt.parent(root) {
            Some(parent) => root = parent,
            None => break,
        }
    }
    let mut steps = 0usize;
    let mut at = root;
    loop {
        // The channel's subtree and an SCMI node's leave with the channel.
        let leaves = at == region.node || is_handled_scmi_node(dt, at);
        if !leaves {
            if let Some(pfn) = touches(dt, at, frames) {
                if counts(dt, at, region.node) {
                    return Sharing::With { node: at, pfn };
                }
            }
        }
        let child = if leaves { None } else { dt.first_child(at) };
        let next = match child {
            Some(child) => Some(child),
            None => match after(dt, at, root, &mut steps) {
                Ok(next) => next,
                Err(()) => return Sharing::Unknown,
            },
        };
        let Some(next) = next else {
            return Sharing::Alone;
        };
        steps = steps.saturating_add(1);
        if steps > MAX_TREE_NODES {
            return Sharing::Unknown;
        }
        at = next;
    }
}

/// The node after `node`'s subtree in document order, within `root`'s:
/// its next sibling, or its nearest ancestor's. Each level climbed is a
/// step.
fn after<T>(dt: &T, node: T::Node, root: T::Node, steps: &mut usize) -> Result<Option<T::Node>, ()>
where
    T: DeviceTree + ?Sized,
{
    let mut at = node;
    for _ in 0..=MAX_DEPTH {
        if at == root {
            return Ok(None);
        }
        if let Some(sibling) = dt.next_sibling(at) {
            return Ok(Some(sibling));
        }
        let Some(parent) = dt.parent(at) else {
            return Ok(None);
        };
        *steps = steps.saturating_add(1);
        at = parent;
    }
    Err(())
}

/// Whether `node`, whose "reg" touches the channel's frames, is something
/// else (see [the module](self)).
fn counts<T>(dt: &T, node: T::Node, channel: T::Node) -> bool
where
    T: DeviceTree + ?Sized,
{
    if is_memory(dt, node) || handled_channel(dt, node, &mut Quiet) {
        return false;
    }
    let mut above = dt.parent(channel);
    for _ in 0..MAX_DEPTH {
        match above {
            Some(ancestor) if ancestor == node => return false,
            Some(ancestor) => above = dt.parent(ancestor),
            None => break,
        }
    }
    true
}

/// Whether the node's "device_type" is "memory".
fn is_memory<T: DeviceTree + ?Sized>(dt: &T, node: T::Node) -> bool {
    let Some(value) = dt.property(node, DEVICE_TYPE_PROPERTY) else {
        return false;
    };
    let text = value.split(|byte| *byte == 0).next().unwrap_or(value);
    MEMORY.split_last().is_some_and(|(_, name)| text == name)
}

/// The lowest of `frames` (first and last) that an entry of `node`'s
/// "reg" touches, if one does.
fn touches<T>(dt: &T, node: T::Node, frames: (u64, u64)) -> Option<u64>
where
    T: DeviceTree + ?Sized,
{
    let mut reg = dt.property(node, REG_PROPERTY)?;
    let (address_cells, size_cells) = dt.reg_cells(node);
    if size_cells == 0 {
        // Ids, not memory (CPUs, I2C devices, SCMI protocols).
        return None;
    }
    while let Some(start) = take_cells(&mut reg, address_cells) {
        let size = take_cells(&mut reg, size_cells)?;
        let Some(span) = size.checked_sub(1) else {
            continue;
        };
        let Some(cpu) = placed(dt, node, start, span) else {
            continue;
        };
        let (first, last) = (cpu.first >> PAGE_SHIFT, cpu.last >> PAGE_SHIFT);
        if first <= frames.1 && last >= frames.0 {
            return Some(first.max(frames.0));
        }
    }
    None
}

/// Where the entry `start`, `start + span` lands in CPU addresses: carried
/// up whole, or from where its start lands as Xen maps it.
fn placed<T>(dt: &T, node: T::Node, start: u64, span: u64) -> Option<Span>
where
    T: DeviceTree + ?Sized,
{
    let whole = Span {
        first: start,
        last: start.saturating_add(span),
    };
    if let Ok(cpu) = carry_up(dt, node, whole) {
        return Some(cpu);
    }
    let first = carry_up(
        dt,
        node,
        Span {
            first: start,
            last: start,
        },
    )
    .ok()?
    .first;
    Some(Span {
        first,
        last: first.saturating_add(span),
    })
}

/// A [`Visitor`] that hears nothing: the walk only asks whether a node is
/// a channel.
pub(super) struct Quiet;

impl<N> Visitor<N> for Quiet {
    fn region(&mut self, _: ShmemRegion<N>) {}
    fn problem(&mut self, _: N, _: DtProblem) {}
}
