//! SCMI words the probe writes and reads (Arm DEN0056, the shared memory
//! transport and the Base protocol).

/// Offset of the channel status word.
pub const STATUS: usize = 0x04;
/// Offset of the channel flags word (bit 0: completion interrupt).
pub const FLAGS: usize = 0x10;
/// Offset of the length word: header plus payload, in bytes.
pub const LENGTH: usize = 0x14;
/// Offset of the message header.
pub const HEADER: usize = 0x18;
/// Offset of the payload; in a reply its first word is the status.
pub const PAYLOAD: usize = 0x1c;
/// Reply words the probe reads after the status.
pub const RETURN_WORDS: usize = 4;
/// Smallest channel the probe's messages and replies fit in.
pub const MIN_CHANNEL_SIZE: u64 = (PAYLOAD + 4 + 4 * RETURN_WORDS) as u64;

/// Channel status bit 0: the platform is done, the agent may write.
pub const STATUS_FREE: u32 = 1 << 0;
/// Channel status bit 1: the platform saw a transport error.
pub const STATUS_ERROR: u32 = 1 << 1;

/// The Base protocol.
pub const BASE_PROTOCOL: u8 = 0x10;
/// Base PROTOCOL_VERSION.
pub const PROTOCOL_VERSION: u8 = 0x0;
/// Base DISCOVER_VENDOR.
pub const DISCOVER_VENDOR: u8 = 0x3;
/// The Clock management protocol.
pub const CLOCK_PROTOCOL: u8 = 0x14;
/// Clock CLOCK_RATE_GET: the rate, as two 32-bit halves (low first).
pub const CLOCK_RATE_GET: u8 = 0x6;
/// Clock CLOCK_RATE_SET: flags, clock id, rate (low, then high half).
pub const CLOCK_RATE_SET: u8 = 0x5;
/// CLOCK_RATE_SET flag: round to the nearest rate the clock supports.
pub const RATE_SET_ROUND_AUTO: u32 = 1 << 3;

/// SCMI status SUCCESS.
pub const SUCCESS: i32 = 0;

/// A command's message header: message id in bits [7:0], type 0
/// (command) in [9:8], protocol in [17:10], token in [27:18].
pub fn command_header(protocol: u8, message: u8, token: u16) -> u32 {
    let token = u32::from(token) & 0x3ff;
    (token << 18) | (u32::from(protocol) << 10) | u32::from(message)
}

/// The vendor name of a DISCOVER_VENDOR reply: its four words hold up to
/// 16 ASCII bytes, NUL-terminated when shorter.
pub struct Vendor {
    bytes: [u8; 16],
}

impl Vendor {
    /// Unpacks the reply words (little-endian, like all SCMI payloads).
    pub fn from_words(words: [u32; 4]) -> Vendor {
        let mut bytes = [0u8; 16];
        for (chunk, word) in bytes.chunks_exact_mut(4).zip(words) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        Vendor { bytes }
    }

    /// The bytes before the first NUL.
    pub fn name(&self) -> &[u8] {
        self.bytes.split(|b| *b == 0).next().unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_layout() {
        assert_eq!(command_header(BASE_PROTOCOL, PROTOCOL_VERSION, 0), 0x4000);
        assert_eq!(
            command_header(BASE_PROTOCOL, DISCOVER_VENDOR, 0x3ff),
            0x0ffc_4003
        );
        // The token is 10 bits wide and never reaches the reserved bits.
        assert_eq!(command_header(0x14, 0x7, 0x400), 0x5007);
    }

    #[test]
    fn vendor_names() {
        let words = [
            u32::from_le_bytes(*b"Xen-"),
            u32::from_le_bytes(*b"SCMI"),
            0,
            0,
        ];
        assert_eq!(Vendor::from_words(words).name(), b"Xen-SCMI");
        let full = [u32::from_le_bytes(*b"ABCD"); 4];
        assert_eq!(Vendor::from_words(full).name(), b"ABCDABCDABCDABCD");
        let odd = [u32::from_le_bytes([b'a', 7, b'b', 0]), 0, 0, 0];
        let vendor = Vendor::from_words(odd);
        assert_eq!(vendor.name(), b"a\x07b");
    }

    #[test]
    fn channel_fits_replies() {
        assert_eq!(MIN_CHANNEL_SIZE, 0x30);
    }
}
