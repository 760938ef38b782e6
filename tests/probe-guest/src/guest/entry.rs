//! The first instructions: the arm64 Image header Xen looks for, the entry
//! that gives Rust a stack and a zeroed bss, and the exception vectors.
//!
//! Xen enters at EL1 with the MMU off and x0 = the DTB's address, at
//! whatever address it loaded the image: everything here is PC-relative
//! (`adr`, `adrp` + `:lo12:`), and the header's only computed field is a
//! difference of two image symbols.

use super::{console, hypercall};
use probe_guest::line::Line;

core::arch::global_asm!(
    r#"
    .section .text.image_header, "ax"
    .global probe_image_header
probe_image_header:
    b       probe_entry                             // code0
    .long   0                                       // code1
    .quad   0                                       // text_offset
    .quad   probe_image_end - probe_image_header    // image_size, bss included
    .quad   0xa                                     // flags: LE, 4K pages, anywhere
    .quad   0                                       // res2
    .quad   0                                       // res3
    .quad   0                                       // res4
    .long   0x644d5241                              // magic "ARM\x64"
    .long   0                                       // res5: no PE header

    .section .text.entry, "ax"
probe_entry:
    mov     x19, x0
    bl      probe_cpu_setup
    adrp    x1, probe_stack_top
    add     x1, x1, :lo12:probe_stack_top
    mov     sp, x1
    // Xen copies only the file: bss (stack included) holds whatever the
    // memory held before.
    adrp    x1, probe_bss_start
    add     x1, x1, :lo12:probe_bss_start
    adrp    x2, probe_bss_end
    add     x2, x2, :lo12:probe_bss_end
0:  cmp     x1, x2
    b.hs    1f
    stp     xzr, xzr, [x1], #16
    b       0b
1:  mov     x0, x19
    bl      probe_main
2:  wfi
    b       2b

    // A secondary vCPU, started by PSCI CPU_ON (`modes/smp.rs`): Xen
    // enters it as the first, MMU off, with x0 = the context id. It gets
    // its own stack; the bss is already zeroed.
    .global probe_secondary_entry
probe_secondary_entry:
    mov     x19, x0
    bl      probe_cpu_setup
    adrp    x1, probe_secondary_stack_top
    add     x1, x1, :lo12:probe_secondary_stack_top
    mov     sp, x1
    mov     x0, x19
    bl      probe_secondary_main
4:  wfi
    b       4b

    // Each vCPU's own registers; needs no stack, keeps x19.
probe_cpu_setup:
    // Faults print a line and stop the domain instead of hanging silently.
    adrp    x1, probe_vectors
    add     x1, x1, :lo12:probe_vectors
    msr     vbar_el1, x1
    // CPACR_EL1.FPEN = 0b11: the compiler may use FP/SIMD registers.
    mov     x1, #(3 << 20)
    msr     cpacr_el1, x1
    isb
    ret

    .section .text.vectors, "ax"
    .balign 2048
probe_vectors:
    .rept   16
    .balign 128
    b       probe_trap
    .endr
probe_trap:
    // Whatever the stack held is of no further use: start it afresh, the
    // secondary vCPU's if this is it (MPIDR Aff0 not 0).
    mrs     x1, mpidr_el1
    tst     x1, #0xff
    b.ne    5f
    adrp    x1, probe_stack_top
    add     x1, x1, :lo12:probe_stack_top
    b       6f
5:  adrp    x1, probe_secondary_stack_top
    add     x1, x1, :lo12:probe_secondary_stack_top
6:  mov     sp, x1
    mrs     x0, esr_el1
    mrs     x1, elr_el1
    mrs     x2, far_el1
    adrp    x3, probe_image_header
    add     x3, x3, :lo12:probe_image_header
    bl      probe_exception
3:  wfi
    b       3b

    .section .bss.probe_stack, "aw", %nobits
    .balign 16
    .space  16384
probe_stack_top:

    .section .bss.probe_secondary_stack, "aw", %nobits
    .balign 16
    .space  8192
probe_secondary_stack_top:
"#
);

/// Any exception taken to EL1 (the probe expects none): report the
/// syndrome and where it happened, relative to the load address too.
#[no_mangle]
extern "C" fn probe_exception(esr: u64, elr: u64, far: u64, base: u64) -> ! {
    console::print(
        Line::new()
            .text("PROBE: exception esr=0x")
            .hex(esr)
            .text(" elr=0x")
            .hex(elr)
            .text(" (image+0x")
            .hex(elr.wrapping_sub(base))
            .text(") far=0x")
            .hex(far),
    );
    hypercall::power_off()
}

#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    console::say("PROBE: panic");
    hypercall::power_off()
}
