//! Decoding one token of the structure block.

use super::header::be32_at;
use super::Fdt;

const FDT_BEGIN_NODE: u32 = 1;
const FDT_END_NODE: u32 = 2;
const FDT_PROP: u32 = 3;
const FDT_NOP: u32 = 4;
const FDT_END: u32 = 9;

/// One structure-block token with its payload.
#[derive(Debug, Clone, Copy)]
pub(super) enum Token<'a> {
    /// Start of a node, with its name.
    BeginNode {
        /// Name and unit address.
        name: &'a [u8],
    },
    /// End of the innermost open node.
    EndNode,
    /// A property of the innermost open node.
    Property {
        /// Name, from the strings block.
        name: &'a [u8],
        /// Raw value.
        value: &'a [u8],
    },
    /// Padding.
    Nop,
    /// End of the structure block.
    End,
}

/// The bytes of `bytes` before the first NUL; `None` if there is none.
fn until_nul(bytes: &[u8]) -> Option<&[u8]> {
    let len = bytes.iter().position(|byte| *byte == 0)?;
    bytes.get(..len)
}

/// `offset` rounded up to the next multiple of 4.
fn align4(offset: usize) -> Option<usize> {
    Some(offset.checked_add(3)? & !3)
}

impl<'a> Fdt<'a> {
    /// The token at `offset` and the offset of the next one, which is
    /// always greater: walks built on this terminate. `None` when the
    /// token is unknown or runs past the block.
    pub(super) fn token(&self, offset: usize) -> Option<(Token<'a>, usize)> {
        let payload = offset.checked_add(4)?;
        match be32_at(self.structure, offset)? {
            FDT_BEGIN_NODE => {
                let name = until_nul(self.structure.get(payload..)?)?;
                let next = align4(payload.checked_add(name.len())?.checked_add(1)?)?;
                Some((Token::BeginNode { name }, next))
            }
            FDT_END_NODE => Some((Token::EndNode, payload)),
            FDT_PROP => {
                let len = usize::try_from(be32_at(self.structure, payload)?).ok()?;
                let name_offset = be32_at(self.structure, payload.checked_add(4)?)?;
                let start = payload.checked_add(8)?;
                let end = start.checked_add(len)?;
                let value = self.structure.get(start..end)?;
                let name = until_nul(self.strings.get(usize::try_from(name_offset).ok()?..)?)?;
                Some((Token::Property { name, value }, align4(end)?))
            }
            FDT_NOP => Some((Token::Nop, payload)),
            FDT_END => Some((Token::End, payload)),
            _ => None,
        }
    }
}
