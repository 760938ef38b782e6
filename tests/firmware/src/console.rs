//! Text output without `core::fmt`: strings, decimal and hexadecimal
//! numbers, written byte by byte to any [`Sink`]. `core::fmt` would pull
//! in a large formatting machine for the few numbers the firmware prints.

/// Something that takes bytes of text, like a UART.
pub trait Sink {
    /// Writes one byte.
    fn put(&mut self, byte: u8);

    /// Writes a string; `\n` becomes `\r\n` so terminals and logs agree.
    fn str(&mut self, text: &str) {
        for &byte in text.as_bytes() {
            if byte == b'\n' {
                self.put(b'\r');
            }
            self.put(byte);
        }
    }

    /// Writes `value` in decimal.
    fn dec(&mut self, value: u64) {
        let mut digits = [0u8; 20];
        let mut n = value;
        let mut len = 0;
        for slot in digits.iter_mut() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
            len += 1;
            if n == 0 {
                break;
            }
        }
        for &digit in digits.iter().take(len).rev() {
            self.put(digit);
        }
    }

    /// Writes `value` in hexadecimal with a `0x` prefix and no leading
    /// zeros.
    fn hex(&mut self, value: u64) {
        self.put(b'0');
        self.put(b'x');
        let nibbles = (64 - value.leading_zeros()).div_ceil(4).max(1);
        for i in (0..nibbles).rev() {
            let nibble = ((value >> (4 * i)) & 0xf) as u8;
            self.put(if nibble < 10 {
                b'0' + nibble
            } else {
                b'a' + nibble - 10
            });
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    extern crate std;
    use super::Sink;
    use std::string::String;
    use std::vec::Vec;

    /// A sink that keeps what is printed, for the tests of every printer.
    pub(crate) struct Buffer(pub(crate) Vec<u8>);

    impl Sink for Buffer {
        fn put(&mut self, byte: u8) {
            self.0.push(byte);
        }
    }

    /// What `f` prints, as text.
    pub(crate) fn render(f: impl FnOnce(&mut Buffer)) -> String {
        let mut buffer = Buffer(Vec::new());
        f(&mut buffer);
        String::from_utf8(buffer.0).unwrap()
    }

    #[test]
    fn decimal() {
        assert_eq!(render(|b| b.dec(0)), "0");
        assert_eq!(render(|b| b.dec(7)), "7");
        assert_eq!(render(|b| b.dec(1_000_203)), "1000203");
        assert_eq!(render(|b| b.dec(u64::MAX)), "18446744073709551615");
    }

    #[test]
    fn hexadecimal() {
        assert_eq!(render(|b| b.hex(0)), "0x0");
        assert_eq!(render(|b| b.hex(0x4020_0000)), "0x40200000");
        assert_eq!(render(|b| b.hex(0xabc)), "0xabc");
        assert_eq!(render(|b| b.hex(u64::MAX)), "0xffffffffffffffff");
    }

    #[test]
    fn newlines_get_carriage_returns() {
        assert_eq!(render(|b| b.str("a\nb")), "a\r\nb");
    }
}
