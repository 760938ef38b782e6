//! Address translation as Xen does it for a "reg" address (its
//! `dt_translate_address()`), over a flattened tree: the model the
//! policy's tests and the fuzz target run the channel checks against.
//!
//! Followed: the cell counts of the nearest ancestor that has them (2
//! address and 1 size cell by default), an address count of 1 to 4 and a
//! non-zero size count at every level, no "ranges" on a bus means it maps
//! nothing, an empty one maps 1:1, and the first window holding the
//! address is the one used. Not modelled: PCI buses, which Xen reads with
//! their own cell counts. The climb is bounded by [`MAX_DEPTH`], where Xen
//! has no bound: a node deeper than that does not translate here.

use core::ffi::CStr;

use scmi_smc::dt::{take_cells, DeviceTree};

use crate::{Fdt, FdtNode};

/// Most ancestors a node may have for its address to be translated (real
/// trees are under 10 deep). Bounds every climb whatever the blob holds.
pub const MAX_DEPTH: usize = 64;

/// Cell counts used when no ancestor gives one (as Xen does).
const DEFAULT_ADDRESS_CELLS: u32 = 2;
const DEFAULT_SIZE_CELLS: u32 = 1;
/// Most cells Xen accepts in an address.
const MAX_ADDRESS_CELLS: u32 = 4;

/// The nearest `name` property at or above `node`, as one cell (a
/// property of another length reads as a count no reader accepts).
fn cells_at_or_above(fdt: &Fdt<'_>, node: FdtNode, name: &CStr, default: u32) -> u32 {
    let mut at = Some(node);
    for _ in 0..=MAX_DEPTH {
        let Some(here) = at else { break };
        if let Some(value) = fdt.property(here, name) {
            return match value.try_into() {
                Ok(cell) => u32::from_be_bytes(cell),
                Err(_) => u32::MAX,
            };
        }
        at = fdt.parent(here);
    }
    default
}

/// The `(#address-cells, #size-cells)` that apply to `node`'s "reg":
/// looked up from its parent (or from the root itself) upwards.
pub(crate) fn reg_cells(fdt: &Fdt<'_>, node: FdtNode) -> (u32, u32) {
    let bus = fdt.parent(node).unwrap_or(node);
    (
        cells_at_or_above(fdt, bus, c"#address-cells", DEFAULT_ADDRESS_CELLS),
        cells_at_or_above(fdt, bus, c"#size-cells", DEFAULT_SIZE_CELLS),
    )
}

/// Whether a level's counts are ones Xen translates with.
fn usable(address_cells: u32, size_cells: u32) -> bool {
    (1..=MAX_ADDRESS_CELLS).contains(&address_cells) && size_cells > 0
}

/// A number of `count` cells (at most 4) from the front of `cells`, keeping
/// the low 64 bits as Xen's `dt_read_number()` does.
fn read_number(cells: &[u32], count: u32) -> Option<u64> {
    let count = usize::try_from(count).ok()?;
    let part = cells.get(..count)?;
    Some(part.iter().fold(0u64, |value, cell| {
        value.wrapping_shl(32) | u64::from(*cell)
    }))
}

/// Xen's mapping through one window: the offset of `addr` in it, if the
/// window holds it.
fn offset_in(window_child: u64, window_len: u64, addr: u64) -> Option<u64> {
    let end = window_child.wrapping_add(window_len);
    (addr >= window_child && addr < end).then(|| addr.wrapping_sub(window_child))
}

/// Maps `addr` through `bus`'s non-empty "ranges": the parent-side address
/// of the first window holding it, plus the offset.
fn through_ranges(ranges: &[u8], addr: u64, child: u32, parent: u32, size: u32) -> Option<u64> {
    let mut rest = ranges;
    loop {
        let mut take = |count: u32| -> Option<u64> {
            // Xen keeps the low 64 bits of wider numbers.
            let extra = count.saturating_sub(2);
            take_cells(&mut rest, extra.min(2))?;
            take_cells(&mut rest, extra.saturating_sub(2))?;
            take_cells(&mut rest, count.min(2))
        };
        let window_child = take(child)?;
        let window_parent = take(parent)?;
        let len = take(size)?;
        if let Some(offset) = offset_in(window_child, len, addr) {
            return Some(window_parent.wrapping_add(offset));
        }
    }
}

/// The CPU address of `addr`, an address of `node` in the big-endian cells
/// of its bus.
pub(crate) fn translate(fdt: &Fdt<'_>, node: FdtNode, addr: &[u32; 4]) -> Option<u64> {
    let raw = addr.map(u32::from_be);
    let mut bus = fdt.parent(node)?;
    let (mut child, mut size) = reg_cells(fdt, node);
    if !usable(child, size) {
        return None;
    }
    let mut value = read_number(&raw, child)?;
    for _ in 0..MAX_DEPTH {
        let Some(above) = fdt.parent(bus) else {
            // `bus` is the root: its addresses are the CPU's.
            return Some(value);
        };
        let (parent, parent_size) = reg_cells(fdt, bus);
        if !usable(parent, parent_size) {
            return None;
        }
        value = match fdt.property(bus, c"ranges")? {
            [] => value,
            ranges => through_ranges(ranges, value, child, parent, size)?,
        };
        if parent == 1 {
            // Xen writes the result back into one cell.
            value &= u64::from(u32::MAX);
        }
        (child, size, bus) = (parent, parent_size, above);
    }
    None
}
