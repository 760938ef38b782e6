//! The FDT header: where the blocks are.

use super::FdtError;

const MAGIC: u32 = 0xd00d_feed;
/// Version 17 added `size_dt_struct`, which bounds every walk.
const MIN_VERSION: u32 = 17;
const HEADER_LEN: usize = 40;

/// The header fields the reader uses.
#[derive(Debug, Clone, Copy)]
pub(super) struct Header {
    off_dt_struct: u32,
    off_dt_strings: u32,
    size_dt_strings: u32,
    size_dt_struct: u32,
}

/// The big-endian u32 at `offset`, if in bounds.
pub(super) fn be32_at(bytes: &[u8], offset: usize) -> Option<u32> {
    let end = offset.checked_add(4)?;
    let cell: [u8; 4] = bytes.get(offset..end)?.try_into().ok()?;
    Some(u32::from_be_bytes(cell))
}

/// `bytes[offset..offset + len]`, if in bounds.
fn block(bytes: &[u8], offset: u32, len: u32) -> Option<&[u8]> {
    let start = usize::try_from(offset).ok()?;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    bytes.get(start..end)
}

impl Header {
    /// Reads and checks the header of `blob`.
    pub(super) fn parse(blob: &[u8]) -> Result<Self, FdtError> {
        let field = |index: usize| {
            index
                .checked_mul(4)
                .and_then(|offset| be32_at(blob, offset))
                .ok_or(FdtError::Truncated)
        };
        if blob.len() < HEADER_LEN {
            return Err(FdtError::Truncated);
        }
        if field(0)? != MAGIC {
            return Err(FdtError::BadMagic);
        }
        let total = usize::try_from(field(1)?).map_err(|_| FdtError::Truncated)?;
        if total > blob.len() || total < HEADER_LEN {
            return Err(FdtError::Truncated);
        }
        if field(5)? < MIN_VERSION {
            return Err(FdtError::UnsupportedVersion);
        }
        Ok(Header {
            off_dt_struct: field(2)?,
            off_dt_strings: field(3)?,
            size_dt_strings: field(8)?,
            size_dt_struct: field(9)?,
        })
    }

    /// The structure block.
    pub(super) fn structure<'a>(&self, blob: &'a [u8]) -> Option<&'a [u8]> {
        block(blob, self.off_dt_struct, self.size_dt_struct)
    }

    /// The strings block.
    pub(super) fn strings<'a>(&self, blob: &'a [u8]) -> Option<&'a [u8]> {
        block(blob, self.off_dt_strings, self.size_dt_strings)
    }
}
