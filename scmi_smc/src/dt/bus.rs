//! A channel's bus region carried up to CPU addresses, bus by bus.
//!
//! Xen's translator maps one address at a time, does its sums modulo
//! 2^64 and writes each result back into as many cells as the parent bus
//! has. Two ends that each translate can therefore still come out as far
//! apart as on the bus and yet name other memory: both wrapped past 2^64,
//! both cut to 32 bits by a parent of one address cell, or the two sides
//! of a gap between two windows that map with the same offset. Carrying
//! the whole region up sees all three: at every bus the window that maps
//! its first byte (the one Xen picks) must hold its last one too, and no
//! sum may wrap or outgrow the parent's cells.
//!
//! Modelled as Xen's default bus does it: no "ranges" maps nothing, an
//! empty one maps 1:1, a window holds `[child, child + length)` computed
//! without wrapping. Numbers wider than two cells are not read (PCI buses
//! have three address cells; no channel sits behind one).

use super::names::RANGES_PROPERTY;
use super::reg::take_cells;
use super::{DeviceTree, DtProblem, MAX_DEPTH};

/// One bus address range, first and last byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub first: u64,
    pub last: u64,
}

/// Where `span`, an address range of `node`'s "reg", lies in CPU
/// addresses, or why it cannot be carried up whole.
pub(super) fn carry_up<T>(dt: &T, node: T::Node, span: Span) -> Result<Span, DtProblem>
where
    T: DeviceTree + ?Sized,
{
    let (mut child_cells, mut size_cells) = dt.reg_cells(node);
    let mut bus = dt.parent(node).ok_or(DtProblem::BadReg)?;
    let mut span = span;
    for _ in 0..MAX_DEPTH {
        let Some(above) = dt.parent(bus) else {
            // `bus` is the root: its addresses are the CPU's.
            return Ok(span);
        };
        let (parent_cells, parent_size_cells) = dt.reg_cells(bus);
        let ranges = dt.property(bus, RANGES_PROPERTY).ok_or(DtProblem::BadReg)?;
        if !ranges.is_empty() {
            let cells = [child_cells, parent_cells, size_cells];
            span = through_window(ranges, cells, span)?;
        }
        // Xen writes a one-cell parent's address as its low 32 bits.
        if parent_cells == 1 && span.last > u64::from(u32::MAX) {
            return Err(DtProblem::Truncated);
        }
        (child_cells, size_cells, bus) = (parent_cells, parent_size_cells, above);
    }
    Err(DtProblem::BadReg)
}

/// `span` through the window of `ranges` that maps its first byte, with
/// `cells` the child address, parent address and length cell counts.
fn through_window(ranges: &[u8], cells: [u32; 3], span: Span) -> Result<Span, DtProblem> {
    let [child_cells, parent_cells, size_cells] = cells;
    let mut rest = ranges;
    loop {
        let mut entry = || -> Option<(u64, u64, u64)> {
            let child = take_cells(&mut rest, child_cells)?;
            let parent = take_cells(&mut rest, parent_cells)?;
            Some((child, parent, take_cells(&mut rest, size_cells)?))
        };
        let (child, parent, length) = entry().ok_or(DtProblem::BadReg)?;
        let Some(offset) = offset_in(child, length, span.first) else {
            continue;
        };
        if offset_in(child, length, span.last).is_none() {
            return Err(DtProblem::PastWindow);
        }
        let first = parent.checked_add(offset).ok_or(DtProblem::Wraps)?;
        let extent = span.last.wrapping_sub(span.first);
        let last = first.checked_add(extent).ok_or(DtProblem::Wraps)?;
        return Ok(Span { first, last });
    }
}

/// The offset of `addr` in the window of `length` bytes at `child`, if the
/// window holds it. A window whose end does not fit in 64 bits holds
/// nothing, as Xen's wrapping comparison has it.
fn offset_in(child: u64, length: u64, addr: u64) -> Option<u64> {
    let end = child.checked_add(length)?;
    (child..end)
        .contains(&addr)
        .then(|| addr.wrapping_sub(child))
}
