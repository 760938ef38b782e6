//! The PL011 UART as a console [`Sink`]. QEMU leaves it usable without
//! set-up, so writing the data register is all there is.

use crate::console::Sink;

/// Data register offset.
const UARTDR: usize = 0x00;
/// Flag register offset.
const UARTFR: usize = 0x18;
/// Flag register: transmit FIFO full.
const UARTFR_TXFF: u32 = 1 << 5;

/// A PL011 at a fixed physical address (the MMU is off at EL3 and in the
/// smoke payload, so physical is what both use).
pub struct Pl011 {
    base: usize,
}

impl Pl011 {
    /// The console UART of QEMU virt.
    pub const fn console() -> Self {
        Self {
            base: crate::contract::UART_BASE,
        }
    }
}

impl Sink for Pl011 {
    fn put(&mut self, byte: u8) {
        let flags = (self.base + UARTFR) as *const u32;
        let data = (self.base + UARTDR) as *mut u32;
        // SAFETY: `base` is the PL011 of QEMU virt (the only constructor
        // says so); its registers are aligned 32-bit MMIO words that have
        // no effect beyond the UART.
        unsafe {
            while flags.read_volatile() & UARTFR_TXFF != 0 {}
            data.write_volatile(u32::from(byte));
        }
    }
}
