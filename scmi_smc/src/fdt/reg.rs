//! First "reg" entry of a node, translated through parent buses' "ranges"
//! to a CPU physical address, following the rules of Xen's
//! `dt_device_get_address` for the cases a shared memory node meets.

use super::token::Token;
use super::{Fdt, FdtNode};
use crate::dt::{DeviceTree, RegError};

/// Deepest ancestor chain considered; real trees are under 10 deep.
const MAX_DEPTH: usize = 32;
/// Cell counts used when no ancestor says otherwise (DT specification).
const DEFAULT_ADDRESS_CELLS: u32 = 2;
const DEFAULT_SIZE_CELLS: u32 = 1;
/// Widest value that fits the u64 results, in cells.
const MAX_CELLS: u32 = 2;

/// The chain root..=parent of a node, as node offsets.
struct Ancestors {
    chain: [usize; MAX_DEPTH],
    len: usize,
}

impl Ancestors {
    /// Finds the ancestors of `node` with one walk from the root. `None` if
    /// the node is not found or lies deeper than [`MAX_DEPTH`].
    fn of(fdt: &Fdt<'_>, node: FdtNode) -> Option<Ancestors> {
        let mut found = Ancestors {
            chain: [0; MAX_DEPTH],
            len: 0,
        };
        let mut offset = 0;
        loop {
            let (token, next) = fdt.token(offset)?;
            match token {
                Token::BeginNode { .. } if offset == node.0 => return Some(found),
                Token::BeginNode { .. } => {
                    *found.chain.get_mut(found.len)? = offset;
                    found.len = found.len.checked_add(1)?;
                }
                Token::EndNode => found.len = found.len.checked_sub(1)?,
                Token::Property { .. } | Token::Nop => {}
                Token::End => return None,
            }
            offset = next;
        }
    }

    /// The ancestor at `level` (0 is the root).
    fn at(&self, level: usize) -> Option<FdtNode> {
        self.chain.get(..self.len)?.get(level).copied().map(FdtNode)
    }

    /// A cell count for the address space below the ancestor at `level`:
    /// the nearest `name` property at or above it, as Xen looks it up.
    fn cells(&self, fdt: &Fdt<'_>, level: usize, name: &core::ffi::CStr, default: u32) -> u32 {
        let mut current = Some(level);
        while let Some(index) = current {
            if let Some(value) = self.at(index).and_then(|node| fdt.property(node, name)) {
                return cell(value).unwrap_or(u32::MAX);
            }
            current = index.checked_sub(1);
        }
        default
    }

    fn address_cells(&self, fdt: &Fdt<'_>, level: usize) -> u32 {
        self.cells(fdt, level, c"#address-cells", DEFAULT_ADDRESS_CELLS)
    }

    fn size_cells(&self, fdt: &Fdt<'_>, level: usize) -> u32 {
        self.cells(fdt, level, c"#size-cells", DEFAULT_SIZE_CELLS)
    }
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
fn cell(value: &[u8]) -> Option<u32> {
    let bytes: [u8; 4] = value.try_into().ok()?;
    Some(u32::from_be_bytes(bytes))
}

/// Splits `count` cells off the front of `bytes` as one number.
fn take_number(bytes: &[u8], count: u32) -> Option<(u64, &[u8])> {
    if count > MAX_CELLS {
        return None;
    }
    let (number, rest) = bytes.split_at_checked(usize::try_from(count).ok()?.checked_mul(4)?)?;
    let value = number.chunks_exact(4).fold(0u64, |acc, cell| {
        let mut word = [0u8; 4];
        word.copy_from_slice(cell);
        // At most two cells: the shift never drops set bits.
        (acc << 32) | u64::from(u32::from_be_bytes(word))
    });
    Some((value, rest))
}

/// Maps `addr` through one bus's non-empty "ranges".
fn through_ranges(
    ranges: &[u8],
    addr: u64,
    child_cells: u32,
    parent_cells: u32,
    size_cells: u32,
) -> Result<u64, RegError> {
    let mut rest = ranges;
    while !rest.is_empty() {
        let (child, after) = take_number(rest, child_cells).ok_or(RegError::Malformed)?;
        let (parent, after) = take_number(after, parent_cells).ok_or(RegError::Malformed)?;
        let (len, after) = take_number(after, size_cells).ok_or(RegError::Malformed)?;
        rest = after;
        if let Some(offset) = addr.checked_sub(child).filter(|offset| *offset < len) {
            return parent.checked_add(offset).ok_or(RegError::Untranslatable);
        }
    }
    Err(RegError::Untranslatable)
}

/// See [`DeviceTree::first_reg`].
pub(super) fn first_reg(fdt: &Fdt<'_>, node: FdtNode) -> Result<(u64, u64), RegError> {
    let reg = fdt.property(node, c"reg").ok_or(RegError::Missing)?;
    // The root has no bus to interpret its "reg"; neither do unreachable
    // or absurdly deep nodes.
    let ancestors = Ancestors::of(fdt, node).ok_or(RegError::Malformed)?;
    let mut level = ancestors.len.checked_sub(1).ok_or(RegError::Malformed)?;

    let mut address_cells = valid_address_cells(ancestors.address_cells(fdt, level))?;
    let mut size_cells = ancestors.size_cells(fdt, level);
    let (mut addr, rest) = take_number(reg, address_cells).ok_or(RegError::Malformed)?;
    let (size, _) = take_number(rest, size_cells).ok_or(RegError::Malformed)?;

    // Climb bus by bus; the root's address space is the CPU's.
    while let Some(parent_level) = level.checked_sub(1) {
        let bus = ancestors.at(level).ok_or(RegError::Malformed)?;
        let parent_cells = valid_address_cells(ancestors.address_cells(fdt, parent_level))?;
        match fdt.property(bus, c"ranges") {
            // Like Xen (and the DT specification): no "ranges" means the
            // bus maps nothing to its parent, an empty one maps 1:1.
            None => return Err(RegError::Untranslatable),
            Some([]) => {}
            Some(ranges) => {
                addr = through_ranges(ranges, addr, address_cells, parent_cells, size_cells)?;
            }
        }
        address_cells = parent_cells;
        size_cells = ancestors.size_cells(fdt, parent_level);
        level = parent_level;
    }
    Ok((addr, size))
}
