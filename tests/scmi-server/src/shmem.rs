//! The shared-memory channel: its layout and the trait through which the
//! server reads and writes it.
//!
//! Layout (DEN0056, "Shared memory based transport"), offsets in bytes:
//!
//! | offset | field |
//! |---|---|
//! | 0x00 | reserved |
//! | 0x04 | channel status: bit 0 channel free, bit 1 channel error |
//! | 0x08 | reserved (8 bytes) |
//! | 0x10 | channel flags (bit 0: completion interrupt, unused over SMC) |
//! | 0x14 | length: 4 (the header) + payload length, in bytes |
//! | 0x18 | message header |
//! | 0x1c | payload |

/// Offset of the channel status word.
pub const STATUS: usize = 0x04;
/// Offset of the channel flags word.
pub const FLAGS: usize = 0x10;
/// Offset of the length word.
pub const LENGTH: usize = 0x14;
/// Offset of the message header.
pub const HEADER: usize = 0x18;
/// Offset of the first payload word.
pub const PAYLOAD: usize = 0x1c;
/// The smallest channel that can hold a header and a status word.
pub const MIN_SIZE: usize = PAYLOAD + 4;

/// Channel status bit: the platform has finished and the agent owns the
/// channel again. The agent clears it when it hands over a message.
pub const STATUS_FREE: u32 = 1 << 0;
/// Channel status bit: the message could not be read properly.
pub const STATUS_ERROR: u32 = 1 << 1;

/// Word access to a channel. Every field of the layout is a 32-bit word at
/// an aligned offset, so aligned word accesses are all the server needs;
/// that keeps the firmware's accesses valid even on Device memory.
pub trait SharedMemory {
    /// Size of the channel in bytes.
    fn size(&self) -> usize;
    /// Reads the little-endian word at `offset`; `None` when the offset is
    /// unaligned or the word does not lie inside the channel.
    fn read_u32(&self, offset: usize) -> Option<u32>;
    /// Writes the little-endian word at `offset`; `None` (and nothing
    /// written) when the offset is unaligned or outside the channel.
    fn write_u32(&mut self, offset: usize, value: u32) -> Option<()>;
}

/// The range of the aligned word at `offset` inside a channel of `size`
/// bytes, if there is one.
fn word_range(offset: usize, size: usize) -> Option<core::ops::Range<usize>> {
    if offset & 3 != 0 {
        return None;
    }
    let end = offset.checked_add(4)?;
    (end <= size).then_some(offset..end)
}

/// A plain byte buffer as a channel: what the host tests and the fuzz
/// target use.
impl SharedMemory for [u8] {
    fn size(&self) -> usize {
        self.len()
    }

    fn read_u32(&self, offset: usize) -> Option<u32> {
        let bytes = self.get(word_range(offset, self.len())?)?;
        let word: [u8; 4] = bytes.try_into().ok()?;
        Some(u32::from_le_bytes(word))
    }

    fn write_u32(&mut self, offset: usize, value: u32) -> Option<()> {
        let range = word_range(offset, self.len())?;
        self.get_mut(range)?.copy_from_slice(&value.to_le_bytes());
        Some(())
    }
}
