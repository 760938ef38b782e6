//! The AArch32 probe's first instructions: the zImage header Xen looks
//! for, the entry that gives Rust a stack and a zeroed bss, and the
//! exception vectors.
//!
//! Xen recognises a 32-bit kernel by the zImage magic 0x016f2818 at offset
//! 0x24 and makes the domain AArch32. A non-zero start address at 0x28
//! tells it where to load the image (else it picks one itself), so the
//! image is linked at the domU's first RAM address, GUEST_RAM0_BASE
//! (`link/probe32.ld`), and absolute addresses are right. Xen enters in
//! SVC mode with the MMU off, r0 = 0, r1 = ~0 (machine type), r2 = the
//! DTB's address.

use super::{console, hypercall};
use probe_guest::line::Line;

core::arch::global_asm!(
    r#"
    .section .text.image_header, "ax"
    .arm
    .global probe_image_header
probe_image_header:
    .rept   8
    mov     r0, r0                                  // what a zImage starts with
    .endr
    b       probe_entry                             // 0x20
    .long   0x016f2818                              // 0x24: zImage magic
    .long   probe_image_header                      // 0x28: start (load address)
    .long   probe_file_end                          // 0x2c: end of the file
    .long   0x04030201                              // 0x30: little-endian

    .section .text.entry, "ax"
probe_entry:
    mov     r4, r2
    ldr     r1, =probe_vectors
    mcr     p15, 0, r1, c12, c0, 0                  // VBAR
    isb
    ldr     sp, =probe_stack_top
    // Xen copies only the file: bss (stack included) holds whatever the
    // memory held before.
    ldr     r1, =probe_bss_start
    ldr     r2, =probe_bss_end
    mov     r3, #0
0:  cmp     r1, r2
    strlo   r3, [r1], #4
    blo     0b
    mov     r0, r4
    bl      probe_main
1:  wfi
    b       1b
    .ltorg

    .section .text.vectors, "ax"
    .balign 32
probe_vectors:
    .irp    n, 0, 1, 2, 3, 4, 5, 6, 7
    b       probe_vector_\n
    .endr
    .irp    n, 0, 1, 2, 3, 4, 5, 6, 7
probe_vector_\n:
    mov     r0, #\n
    b       probe_trap
    .endr
probe_trap:
    // Every exception mode has its own sp, never set: use the stack afresh.
    ldr     sp, =probe_stack_top
    mov     r1, lr
    mrc     p15, 0, r2, c6, c0, 0                   // DFAR
    mrc     p15, 0, r3, c5, c0, 0                   // DFSR
    bl      probe_exception
2:  wfi
    b       2b
    .ltorg

    .section .bss.probe_stack, "aw", %nobits
    .balign 16
    .space  16384
probe_stack_top:
"#
);

/// Any exception (the probe expects none): which vector, the exception
/// mode's lr, and the data fault registers.
#[no_mangle]
extern "C" fn probe_exception(vector: u32, lr: u32, dfar: u32, dfsr: u32) -> ! {
    console::print(
        Line::new()
            .text("PROBE: exception vector=")
            .dec(u64::from(vector))
            .text(" lr=0x")
            .hex(u64::from(lr))
            .text(" dfar=0x")
            .hex(u64::from(dfar))
            .text(" dfsr=0x")
            .hex(u64::from(dfsr)),
    );
    hypercall::power_off()
}

#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    console::say("PROBE: panic");
    hypercall::power_off()
}
