//! One console line, built in a fixed buffer without `core::fmt` (which
//! would pull absolute pointers and panics into the image).

/// Longest line; longer ones are cut, never split or overflowed.
pub const LINE_CAPACITY: usize = 128;

/// A console line under construction. The builders chain:
/// `Line::new().text("x=0x").hex(x).finish()`.
pub struct Line {
    buf: [u8; LINE_CAPACITY],
    len: usize,
}

impl Default for Line {
    fn default() -> Self {
        Self::new()
    }
}

impl Line {
    /// An empty line.
    pub const fn new() -> Line {
        Line {
            buf: [0; LINE_CAPACITY],
            len: 0,
        }
    }

    /// Appends one byte, dropping it if the line is full (one byte is
    /// kept back for the newline).
    pub fn byte(&mut self, byte: u8) -> &mut Line {
        if self.len < LINE_CAPACITY - 1 {
            if let Some(slot) = self.buf.get_mut(self.len) {
                *slot = byte;
                self.len += 1;
            }
        }
        self
    }

    /// Appends text.
    pub fn text(&mut self, text: &str) -> &mut Line {
        self.bytes(text.as_bytes())
    }

    /// Appends raw bytes.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Line {
        for byte in bytes {
            self.byte(*byte);
        }
        self
    }

    /// Appends bytes that came from outside (firmware replies), showing
    /// anything but printable ASCII as '?' so they cannot garble the log.
    pub fn untrusted(&mut self, bytes: &[u8]) -> &mut Line {
        for byte in bytes {
            let shown = if byte.is_ascii_graphic() || *byte == b' ' {
                *byte
            } else {
                b'?'
            };
            self.byte(shown);
        }
        self
    }

    /// Appends `value` in lower-case hex without leading zeros ("0" for 0).
    pub fn hex(&mut self, value: u64) -> &mut Line {
        let digits = hex_digits(value);
        self.hex_padded(value, digits)
    }

    /// Appends `value` in lower-case hex, at least `width` digits.
    pub fn hex_padded(&mut self, value: u64, width: u32) -> &mut Line {
        let width = width.clamp(1, 16);
        for index in (0..width).rev() {
            let nibble = (value >> (index * 4)) & 0xf;
            self.byte(
                b"0123456789abcdef"
                    .get(nibble as usize)
                    .copied()
                    .unwrap_or(b'?'),
            );
        }
        self
    }

    /// Appends `value` in decimal.
    pub fn dec(&mut self, value: u64) -> &mut Line {
        // u64::MAX has 20 decimal digits.
        let mut digits = [0u8; 20];
        let mut count = 0usize;
        let mut rest = value;
        loop {
            if let Some(slot) = digits.get_mut(count) {
                *slot = b'0' + (rest % 10) as u8;
                count += 1;
            }
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        for digit in digits.iter().take(count).rev() {
            self.byte(*digit);
        }
        self
    }

    /// Appends `value` in decimal with a '-' for negatives.
    pub fn signed(&mut self, value: i64) -> &mut Line {
        if value < 0 {
            self.byte(b'-');
        }
        self.dec(value.unsigned_abs())
    }

    /// Ends the line with a newline and returns its bytes.
    pub fn finish(&mut self) -> &[u8] {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b'\n';
            self.len += 1;
        }
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// Hex digits needed to show `value` (at least one).
fn hex_digits(value: u64) -> u32 {
    let bits = u64::BITS - value.leading_zeros();
    bits.div_ceil(4).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let mut line = Line::new();
        line.text("x0=0x")
            .hex_padded(u64::MAX, 16)
            .text(" v=0x")
            .hex(0x20000)
            .text(" z=0x")
            .hex(0)
            .text(" p=")
            .hex_padded(0xab, 4)
            .text(" d=")
            .dec(0)
            .byte(b'/')
            .dec(u64::MAX)
            .text(" s=")
            .signed(-3)
            .byte(b'/')
            .signed(i64::MIN);
        assert_eq!(
            line.finish(),
            b"x0=0xffffffffffffffff v=0x20000 z=0x0 p=00ab d=0/18446744073709551615 s=-3/-9223372036854775808\n"
        );
    }

    #[test]
    fn long_lines_are_cut_not_overflowed() {
        let mut line = Line::new();
        for _ in 0..100 {
            line.text("abc");
        }
        let out = line.finish();
        assert_eq!(out.len(), LINE_CAPACITY);
        assert_eq!(out.last(), Some(&b'\n'));
    }

    #[test]
    fn untrusted_bytes() {
        assert_eq!(Line::new().untrusted(b"a\x07b\n").finish(), b"a?b?\n");
    }
}
