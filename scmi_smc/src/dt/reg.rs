//! A node's first "reg" entry, translated through the parent buses'
//! "ranges" to CPU physical addresses, following the rules of Xen's
//! `dt_device_get_address()` for the cases a shared memory node meets.
//!
//! Xen translates only the first byte of an entry; the size comes through
//! as written. A region that starts inside a bus window and runs past its
//! end would then name CPU memory the bus does not map there. Here the last
//! byte has to lie in the same window as the first, at every bus on the
//! way up, or the entry is refused.

use core::ffi::CStr;

use super::names::{ADDRESS_CELLS_PROPERTY, RANGES_PROPERTY, REG_PROPERTY, SIZE_CELLS_PROPERTY};
use super::{DeviceTree, RegError};

/// Most ancestors a node may have for its "reg" to be read (real trees are
/// under 10 deep). Bounds the climb whatever the tree looks like; deeper
/// nodes read as [`RegError::Malformed`], nodes elsewhere are unaffected.
pub const MAX_DEPTH: usize = 64;
/// Cell counts used when no ancestor says otherwise (as Xen does).
const DEFAULT_ADDRESS_CELLS: u32 = 2;
const DEFAULT_SIZE_CELLS: u32 = 1;
/// Widest value that fits the u64 results, in cells.
const MAX_CELLS: u32 = 2;

/// A cell count for the address space below `bus`: the nearest `name`
/// property at or above it, as Xen looks it up, or `default`. The climb is
/// bounded like the one in [`translate_first_reg`].
fn cells<T: DeviceTree + ?Sized>(dt: &T, bus: T::Node, name: &CStr, default: u32) -> u32 {
    let mut at = Some(bus);
    for _ in 0..MAX_DEPTH + 1 {
        let Some(node) = at else { break };
        if let Some(value) = dt.property(node, name) {
            return one_cell(value).unwrap_or(u32::MAX);
        }
        at = dt.parent(node);
    }
    default
}

/// An address cell count must be 1..=2 at every level, as Xen requires a
/// non-zero one: it also guarantees that each "ranges" entry is at least
/// one cell long, so the walk over entries always makes progress.
fn valid_address_cells(count: u32) -> Result<u32, RegError> {
    if (1..=MAX_CELLS).contains(&count) {
        Ok(count)
    } else {
        Err(RegError::Malformed)
    }
}

/// A property holding exactly one cell.
pub(crate) fn one_cell(value: &[u8]) -> Option<u32> {
    let mut rest = value;
    let cell = take_cells(&mut rest, 1)?;
    // One cell: the value fits.
    rest.is_empty().then_some(cell as u32)
}

/// Takes `count` (at most two) big-endian cells off the front of `bytes`
/// as one number. Every number the walk reads comes through here: out of
/// line, so that each read is a call rather than a copy of the loop.
#[inline(never)]
pub(super) fn take_cells(bytes: &mut &[u8], count: u32) -> Option<u64> {
    if count > MAX_CELLS {
        return None;
    }
    let mut value = 0u64;
    for _ in 0..count {
        let (cell, rest) = bytes.split_first_chunk::<4>()?;
        // At most two cells: the shift never drops set bits.
        value = (value << 32) | u64::from(u32::from_be_bytes(*cell));
        *bytes = rest;
    }
    Some(value)
}

/// One bus's cell counts: its children's addresses and sizes, its
/// parent's addresses.
struct Cells {
    child: u32,
    parent: u32,
    size: u32,
}

/// Maps the region `addr..=addr + span` through one bus's non-empty
/// "ranges". The window is the first one holding `addr`, as Xen picks it;
/// the region's last byte must lie in it too.
fn through_ranges(ranges: &[u8], addr: u64, span: u64, cells: &Cells) -> Result<u64, RegError> {
    let mut rest = ranges;
    while !rest.is_empty() {
        let mut take = |count| take_cells(&mut rest, count).ok_or(RegError::Malformed);
        let child = take(cells.child)?;
        let parent = take(cells.parent)?;
        let len = take(cells.size)?;
        if let Some(offset) = addr.checked_sub(child).filter(|offset| *offset < len) {
            return match offset.checked_add(span) {
                Some(last) if last < len => {
                    parent.checked_add(offset).ok_or(RegError::Untranslatable)
                }
                _ => Err(RegError::PastWindow),
            };
        }
    }
    Err(RegError::Untranslatable)
}

/// The first "reg" entry of `node` as `(address, size)` in CPU physical
/// addresses, translated bus by bus up to the root.
///
/// Follows Xen: the cell counts of the nearest ancestor that has them
/// (2 address, 1 size cell by default), no "ranges" on a bus means it maps
/// nothing, an empty one maps 1:1, and the first window holding the start
/// is the one used. Unlike Xen the whole entry must fit that window at
/// every bus ([`RegError::PastWindow`] otherwise). A size of 0 is passed on
/// (the caller decides about it); a node more than [`MAX_DEPTH`] deep, an
/// address wider than 64 bits or a truncated entry is
/// [`RegError::Malformed`].
pub fn translate_first_reg<T>(dt: &T, node: T::Node) -> Result<(u64, u64), RegError>
where
    T: DeviceTree + ?Sized,
{
    let mut reg = Some(dt.property(node, REG_PROPERTY).ok_or(RegError::Missing)?);
    let (mut addr, mut size, mut span) = (0, 0, 0);
    let mut below = Cells {
        child: 0,
        parent: 0,
        size: 0,
    };
    // `at` is the node, then each bus above it. Each turn reads the cell
    // counts of `at`'s parent once, for the entry on the first turn and
    // for `at`'s "ranges" on the others.
    let mut at = node;
    for _ in 0..MAX_DEPTH + 1 {
        let Some(bus) = dt.parent(at) else {
            // The root's address space is the CPU's; the root itself has
            // no bus to interpret its "reg".
            return match reg {
                Some(_) => Err(RegError::Malformed),
                None => Ok((addr, size)),
            };
        };
        below.parent = valid_address_cells(cells(
            dt,
            bus,
            ADDRESS_CELLS_PROPERTY,
            DEFAULT_ADDRESS_CELLS,
        ))?;
        let size_cells = cells(dt, bus, SIZE_CELLS_PROPERTY, DEFAULT_SIZE_CELLS);
        if let Some(mut entry) = reg.take() {
            addr = take_cells(&mut entry, below.parent).ok_or(RegError::Malformed)?;
            size = take_cells(&mut entry, size_cells).ok_or(RegError::Malformed)?;
            span = size.saturating_sub(1);
        } else {
            match dt.property(at, RANGES_PROPERTY) {
                // Like Xen (and the DT specification): no "ranges" means
                // the bus maps nothing to its parent, an empty one maps
                // 1:1.
                None => return Err(RegError::Untranslatable),
                Some([]) => {}
                Some(ranges) => addr = through_ranges(ranges, addr, span, &below)?,
            }
        }
        below.child = below.parent;
        below.size = size_cells;
        at = bus;
    }
    Err(RegError::Malformed)
}
