//! A channel's region in CPU physical addresses, from its first "reg"
//! entry.
//!
//! Xen translates the start of an entry and passes its size on as
//! written. A region that starts inside a bus's "ranges" window and runs
//! past its end would then name CPU memory the bus does not map there. So
//! the whole region is carried up through every bus ([`carry_up`]), and
//! the two ends Xen's own translator ([`DeviceTree::translate`]) gives must
//! be where that puts them.

use super::bus::{carry_up, Span};
use super::names::REG_PROPERTY;
use super::shmem::{ShmemRegion, MAX_CHANNEL_SIZE};
use super::{DeviceTree, DtProblem};

/// Widest value that fits the u64 results, in cells.
const MAX_CELLS: u32 = 2;

/// A property holding exactly one cell.
pub(crate) fn one_cell(value: &[u8]) -> Option<u32> {
    let mut rest = value;
    let cell = take_cells(&mut rest, 1)?;
    // One cell: the value fits.
    rest.is_empty().then_some(cell as u32)
}

/// Takes `count` (at most two) big-endian cells off the front of `bytes`
/// as one number. Every number the policy reads from a property comes
/// through here: out of line, so that each read is a call rather than a
/// copy of the loop.
#[inline(never)]
pub fn take_cells(bytes: &mut &[u8], count: u32) -> Option<u64> {
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

/// The region of `node`'s first "reg" entry, checked: its start
/// translates, it is not empty, no larger than [`MAX_CHANNEL_SIZE`], its
/// last byte is addressable, it lies in one window of every bus above it
/// with no sum wrapping or cut to a parent's cells ([`carry_up`]), and
/// Xen's translation of each end is where that puts it.
pub(crate) fn channel_region<T>(dt: &T, node: T::Node) -> Result<ShmemRegion<T::Node>, DtProblem>
where
    T: DeviceTree + ?Sized,
{
    let mut reg = dt.property(node, REG_PROPERTY).ok_or(DtProblem::BadReg)?;
    let (address_cells, size_cells) = dt.reg_cells(node);
    let start = take_cells(&mut reg, address_cells).ok_or(DtProblem::BadReg)?;
    let size = take_cells(&mut reg, size_cells).ok_or(DtProblem::BadReg)?;
    let addr = translate(dt, node, start, address_cells).ok_or(DtProblem::BadReg)?;
    let region = ShmemRegion::new(node, addr, size)?;
    if size > MAX_CHANNEL_SIZE {
        return Err(DtProblem::TooLarge { size });
    }
    // `size` is not 0 (`ShmemRegion::new`).
    let last = start
        .checked_add(size.wrapping_sub(1))
        .ok_or(DtProblem::Wraps)?;
    let cpu = carry_up(dt, node, Span { first: start, last })?;
    // The model and Xen must agree, or the tree is one neither reads right.
    if cpu.first != region.addr {
        return Err(DtProblem::BadReg);
    }
    if cpu.last == region.last && translate(dt, node, last, address_cells) == Some(region.last) {
        Ok(region)
    } else {
        Err(DtProblem::PastWindow)
    }
}

/// [`DeviceTree::translate`] of a bus address given as a number: `None`
/// for one that does not fit the bus's `cells` cells.
fn translate<T>(dt: &T, node: T::Node, addr: u64, cells: u32) -> Option<u64>
where
    T: DeviceTree + ?Sized,
{
    let (high, low) = ((addr >> 32) as u32, addr as u32);
    let raw = match cells {
        1 if high == 0 => [low.to_be(), 0, 0, 0],
        2 => [high.to_be(), low.to_be(), 0, 0],
        _ => return None,
    };
    dt.translate(node, &raw)
}
