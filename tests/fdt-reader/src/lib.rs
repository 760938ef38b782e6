//! A small, allocation-free, panic-free reader of flattened device trees
//! (DTB blobs, DT specification v0.4 chapter 5) implementing
//! [`DeviceTree`].
//!
//! Test support: the policy's host tests, the fuzz target and the probe
//! guest run the DT policy over real blobs with it; Xen never links it.
//! It trusts nothing in the blob: every offset is bounds-checked, every
//! walk moves forward, and malformed parts read as "absent". It is
//! `no_std` because the probe guest runs it bare-metal.

#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

mod header;
mod token;
mod translate;

use core::ffi::CStr;

use header::Header;
use scmi_smc::dt::{take_cells, DeviceTree};
use token::Token;
pub use translate::MAX_DEPTH;

/// Why a blob was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FdtError {
    /// Shorter than a header, or the header's sizes overrun the blob.
    Truncated,
    /// Not an FDT (magic number mismatch).
    BadMagic,
    /// Older than version 17, which lacks the structure block size.
    UnsupportedVersion,
}

/// A flattened device tree borrowed from a byte slice.
#[derive(Debug, Clone, Copy)]
pub struct Fdt<'a> {
    structure: &'a [u8],
    strings: &'a [u8],
}

/// A node: the offset of its FDT_BEGIN_NODE token in the structure block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FdtNode(usize);

impl<'a> Fdt<'a> {
    /// Checks the header and locates the structure and strings blocks.
    pub fn new(blob: &'a [u8]) -> Result<Self, FdtError> {
        let header = Header::parse(blob)?;
        Ok(Fdt {
            structure: header.structure(blob).ok_or(FdtError::Truncated)?,
            strings: header.strings(blob).ok_or(FdtError::Truncated)?,
        })
    }

    /// The first "reg" entry of `node` as `(address, size)`: the address
    /// translated to a CPU address, the size as written (Xen's
    /// `dt_device_get_address(node, 0)`).
    pub fn reg(&self, node: FdtNode) -> Option<(u64, u64)> {
        let mut reg = self.property(node, c"reg")?;
        let (address_cells, size_cells) = translate::reg_cells(self, node);
        let count = usize::try_from(address_cells).ok()?;
        let mut addr = [0u32; 4];
        for cell in addr.get_mut(..count)? {
            let (bytes, rest) = reg.split_first_chunk::<4>()?;
            *cell = u32::from_ne_bytes(*bytes);
            reg = rest;
        }
        let size = take_cells(&mut reg, size_cells)?;
        Some((translate::translate(self, node, &addr)?, size))
    }

    /// The root node, if the structure block starts with one.
    pub fn root(&self) -> Option<FdtNode> {
        self.node_at(self.skip_nops(0)?)
    }

    /// Every node, in document order.
    pub fn nodes(&self) -> Nodes<'a> {
        Nodes {
            fdt: *self,
            offset: Some(0),
        }
    }

    /// The node's name with its unit address (empty for the root).
    pub fn name(&self, node: FdtNode) -> &'a [u8] {
        match self.token(node.0) {
            Some((Token::BeginNode { name }, _)) => name,
            _ => &[],
        }
    }

    /// Every property of the node, as `(name, value)`.
    pub fn properties(&self, node: FdtNode) -> Properties<'a> {
        let offset = match self.token(node.0) {
            Some((Token::BeginNode { .. }, next)) => Some(next),
            _ => None,
        };
        Properties { fdt: *self, offset }
    }

    /// The node at `offset`, if a FDT_BEGIN_NODE token is there.
    fn node_at(&self, offset: usize) -> Option<FdtNode> {
        match self.token(offset) {
            Some((Token::BeginNode { .. }, _)) => Some(FdtNode(offset)),
            _ => None,
        }
    }

    /// The first offset at or after `offset` that does not hold FDT_NOP.
    fn skip_nops(&self, mut offset: usize) -> Option<usize> {
        while let (Token::Nop, next) = self.token(offset)? {
            offset = next;
        }
        Some(offset)
    }

    /// The offset just past the node's properties (its first child or its
    /// FDT_END_NODE).
    fn after_properties(&self, node: FdtNode) -> Option<usize> {
        let (_, mut offset) = self.token(node.0)?;
        while let (Token::Property { .. } | Token::Nop, next) = self.token(offset)? {
            offset = next;
        }
        Some(offset)
    }

    /// How many nodes enclose the one at `offset` (0 for the root), by a
    /// walk from the start; `None` if no node starts there.
    fn depth_of(&self, offset: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut at = 0;
        loop {
            let (token, next) = self.token(at)?;
            match token {
                Token::BeginNode { .. } if at == offset => return Some(depth),
                Token::BeginNode { .. } => depth = depth.checked_add(1)?,
                Token::EndNode => depth = depth.checked_sub(1)?,
                Token::Property { .. } | Token::Nop => {}
                Token::End => return None,
            }
            if at >= offset {
                return None;
            }
            at = next;
        }
    }

    /// The offset just past the node's FDT_END_NODE.
    fn after_subtree(&self, node: FdtNode) -> Option<usize> {
        let mut depth = 0usize;
        let mut offset = node.0;
        loop {
            let (token, next) = self.token(offset)?;
            match token {
                Token::BeginNode { .. } => depth = depth.checked_add(1)?,
                Token::EndNode => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(next);
                    }
                }
                Token::Property { .. } | Token::Nop => {}
                Token::End => return None,
            }
            offset = next;
        }
    }
}

/// Iterator over all nodes of an [`Fdt`], see [`Fdt::nodes`].
#[derive(Debug, Clone)]
pub struct Nodes<'a> {
    fdt: Fdt<'a>,
    offset: Option<usize>,
}

impl Iterator for Nodes<'_> {
    type Item = FdtNode;

    fn next(&mut self) -> Option<FdtNode> {
        loop {
            let offset = self.offset?;
            let Some((token, next)) = self.fdt.token(offset) else {
                self.offset = None;
                return None;
            };
            self.offset = Some(next);
            match token {
                Token::BeginNode { .. } => return Some(FdtNode(offset)),
                Token::End => {
                    self.offset = None;
                    return None;
                }
                Token::EndNode | Token::Property { .. } | Token::Nop => {}
            }
        }
    }
}

/// Iterator over a node's properties, see [`Fdt::properties`].
#[derive(Debug, Clone)]
pub struct Properties<'a> {
    fdt: Fdt<'a>,
    offset: Option<usize>,
}

impl<'a> Iterator for Properties<'a> {
    type Item = (&'a [u8], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (token, next) = self.fdt.token(self.offset?)?;
            self.offset = Some(next);
            match token {
                Token::Property { name, value } => return Some((name, value)),
                Token::Nop => {}
                Token::BeginNode { .. } | Token::EndNode | Token::End => {
                    self.offset = None;
                    return None;
                }
            }
        }
    }
}

impl DeviceTree for Fdt<'_> {
    type Node = FdtNode;

    /// Without regard to ASCII case, as Xen compares (`strcasecmp`).
    fn is_compatible(&self, node: FdtNode, compat: &CStr) -> bool {
        self.property(node, c"compatible").is_some_and(|list| {
            list.split(|byte| *byte == 0)
                .any(|entry| !entry.is_empty() && entry.eq_ignore_ascii_case(compat.to_bytes()))
        })
    }

    fn property(&self, node: FdtNode, name: &CStr) -> Option<&[u8]> {
        self.properties(node)
            .find(|(prop, _)| *prop == name.to_bytes())
            .map(|(_, value)| value)
    }

    fn node_by_phandle(&self, phandle: u32) -> Option<FdtNode> {
        let wanted = phandle.to_be_bytes();
        self.nodes().find(|node| {
            self.properties(*node).any(|(name, value)| {
                (name == b"phandle" || name == b"linux,phandle") && value == wanted
            })
        })
    }

    fn next_compatible(&self, after: Option<FdtNode>, compat: &CStr) -> Option<FdtNode> {
        let mut nodes = Nodes {
            fdt: *self,
            offset: Some(after.map_or(0, |node| node.0)),
        };
        if after.is_some() {
            nodes.next();
        }
        nodes.find(|node| self.is_compatible(*node, compat))
    }

    /// The last node before `node` that is one level shallower: two walks
    /// from the start, no stack, so any depth works.
    fn parent(&self, node: FdtNode) -> Option<FdtNode> {
        let wanted = self.depth_of(node.0)?.checked_sub(1)?;
        let mut depth = 0usize;
        let mut parent = None;
        let mut at = 0;
        while at < node.0 {
            let (token, next) = self.token(at)?;
            match token {
                Token::BeginNode { .. } => {
                    if depth == wanted {
                        parent = Some(FdtNode(at));
                    }
                    depth = depth.checked_add(1)?;
                }
                Token::EndNode => depth = depth.checked_sub(1)?,
                Token::Property { .. } | Token::Nop => {}
                Token::End => return None,
            }
            at = next;
        }
        parent
    }

    fn first_child(&self, node: FdtNode) -> Option<FdtNode> {
        self.node_at(self.after_properties(node)?)
    }

    fn next_sibling(&self, node: FdtNode) -> Option<FdtNode> {
        self.node_at(self.skip_nops(self.after_subtree(node)?)?)
    }

    fn reg_cells(&self, node: FdtNode) -> (u32, u32) {
        translate::reg_cells(self, node)
    }

    fn translate(&self, node: FdtNode, addr: &[u32; 4]) -> Option<u64> {
        translate::translate(self, node, addr)
    }
}
