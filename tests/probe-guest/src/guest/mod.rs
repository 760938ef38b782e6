//! Everything that only exists on the real target: entry, hypercalls,
//! SMCs, the device tree in memory and the SCMI channel. The same code
//! runs as an AArch64 guest (arm64 Image, `entry.rs`) and as an AArch32
//! one (zImage, `entry32.rs`); registers are `usize` wide.

mod channel;
mod console;
mod counter;
mod dtb;
#[cfg(target_arch = "aarch64")]
mod entry;
#[cfg(target_arch = "arm")]
mod entry32;
mod hypercall;
mod modes;
mod smc;

#[cfg(target_arch = "aarch64")]
use core::arch::asm;
use dtb::GuestDt;
use probe_guest::line::Line;

/// Called by the entry code with the DTB address Xen passed in x0.
#[no_mangle]
extern "C" fn probe_main(dtb_address: usize) -> ! {
    console::print(
        Line::new()
            .text("PROBE: start at 0x")
            .hex(load_address())
            .text(" dtb=0x")
            .hex(dtb_address as u64),
    );
    match GuestDt::at(dtb_address) {
        None => {
            console::say("PROBE: no device tree");
            console::say("PROBE: no mode in bootargs");
        }
        Some(dt) => match dt.mode() {
            Some(mode) => modes::run(mode, &dt),
            None => console::say("PROBE: no mode in bootargs"),
        },
    }
    console::say("PROBE: done");
    hypercall::power_off()
}

/// Where Xen loaded the image (its header's address).
#[cfg(target_arch = "aarch64")]
fn load_address() -> u64 {
    let address: u64;
    // SAFETY: computes a PC-relative address; touches nothing.
    unsafe {
        asm!(
            "adrp {0}, probe_image_header",
            "add {0}, {0}, :lo12:probe_image_header",
            out(reg) address,
            options(nomem, nostack, preserves_flags),
        );
    }
    address
}

/// Where the image is linked, which is where Xen loaded it (the zImage
/// header's start field asks for that address).
#[cfg(target_arch = "arm")]
fn load_address() -> u64 {
    extern "C" {
        static probe_image_header: u8;
    }
    // Only the symbol's address is taken; nothing is read.
    u64::from(core::ptr::addr_of!(probe_image_header) as usize as u32)
}
