//! The first instructions every CPU runs, the EL3 exception vectors and
//! the way down to a lower EL. Assembly only where Rust cannot be: before
//! there is a stack, and around the saved register frame.

use super::exception::Regs;
use scmi_el3_firmware::contract::MAX_CPUS;

/// Bytes of EL3 stack per CPU.
pub const STACK_SIZE: usize = 0x4000;

extern "C" {
    /// Enters the lower EL: ELR_EL3 = `entry`, SPSR_EL3 = `spsr`, x0 =
    /// `arg`, every other general register zero, this CPU's EL3 stack reset
    /// to its top (nothing of EL3 survives the switch).
    pub fn el3_enter_lower(entry: u64, arg: u64, spsr: u64) -> !;
}

// The register frame the vectors build must match `Regs`.
const _: () = assert!(core::mem::size_of::<Regs>() == 32 * 8);

core::arch::global_asm!(
    r#"
    .macro el3_cpu_stack_top dst, tmp
        // \dst = top of this CPU's stack; Aff0 was checked at reset.
        mrs     \tmp, mpidr_el1
        and     \tmp, \tmp, #0xff
        adrp    \dst, el3_stacks_end
        add     \dst, \dst, :lo12:el3_stacks_end
        mov     x17, #{stack_size}
        msub    \dst, \tmp, x17, \dst
    .endm

    .section .text.el3_reset, "ax"
    .global el3_reset
el3_reset:
    // Only CPUs with Aff1..Aff3 zero and Aff0 < MAX_CPUS take part.
    mrs     x0, mpidr_el1
    ubfx    x1, x0, #8, #16
    ubfx    x2, x0, #32, #8
    orr     x1, x1, x2
    cbnz    x1, el3_park_forever
    and     x0, x0, #0xff
    cmp     x0, #{max_cpus}
    b.hs    el3_park_forever

    el3_cpu_stack_top x1, x2
    mov     sp, x1
    adrp    x2, el3_vectors
    add     x2, x2, :lo12:el3_vectors
    msr     vbar_el3, x2
    isb
    cbnz    x0, 3f

    // Boot CPU: copy .data out of flash, clear .bss, then Rust.
    adrp    x1, __el3_data_load
    add     x1, x1, :lo12:__el3_data_load
    adrp    x2, __el3_data_start
    add     x2, x2, :lo12:__el3_data_start
    adrp    x3, __el3_data_end
    add     x3, x3, :lo12:__el3_data_end
1:  cmp     x2, x3
    b.hs    2f
    ldr     x4, [x1], #8
    str     x4, [x2], #8
    b       1b
2:  adrp    x2, __el3_bss_start
    add     x2, x2, :lo12:__el3_bss_start
    adrp    x3, __el3_bss_end
    add     x3, x3, :lo12:__el3_bss_end
4:  cmp     x2, x3
    b.hs    5f
    str     xzr, [x2], #8
    b       4b
5:  bl      el3_boot_main
    b       el3_park_forever

    // Secondary CPU, x0 = its index: wait for CPU_ON in Rust.
3:  bl      el3_secondary_main

el3_park_forever:
    wfe
    b       el3_park_forever

    .section .text.el3_enter_lower, "ax"
    .global el3_enter_lower
el3_enter_lower:
    msr     elr_el3, x0
    msr     spsr_el3, x2
    mov     x0, x1
    el3_cpu_stack_top x1, x2
    mov     sp, x1
    mov     x1, xzr
    mov     x2, xzr
    mov     x3, xzr
    mov     x4, xzr
    mov     x5, xzr
    mov     x6, xzr
    mov     x7, xzr
    mov     x8, xzr
    mov     x9, xzr
    mov     x10, xzr
    mov     x11, xzr
    mov     x12, xzr
    mov     x13, xzr
    mov     x14, xzr
    mov     x15, xzr
    mov     x16, xzr
    mov     x17, xzr
    mov     x18, xzr
    mov     x19, xzr
    mov     x20, xzr
    mov     x21, xzr
    mov     x22, xzr
    mov     x23, xzr
    mov     x24, xzr
    mov     x25, xzr
    mov     x26, xzr
    mov     x27, xzr
    mov     x28, xzr
    mov     x29, xzr
    mov     x30, xzr
    eret

    // The caller's x0..x30 go into a 32-word frame (see `Regs`), so the
    // SMC handler can return results in x0..x3 and everything else comes
    // back exactly as it was (SMCCC 1.1 preserves x4..x17 and more).
    .macro el3_save_regs
        sub     sp, sp, #(32 * 8)
        stp     x0, x1, [sp, #(16 * 0)]
        stp     x2, x3, [sp, #(16 * 1)]
        stp     x4, x5, [sp, #(16 * 2)]
        stp     x6, x7, [sp, #(16 * 3)]
        stp     x8, x9, [sp, #(16 * 4)]
        stp     x10, x11, [sp, #(16 * 5)]
        stp     x12, x13, [sp, #(16 * 6)]
        stp     x14, x15, [sp, #(16 * 7)]
        stp     x16, x17, [sp, #(16 * 8)]
        stp     x18, x19, [sp, #(16 * 9)]
        stp     x20, x21, [sp, #(16 * 10)]
        stp     x22, x23, [sp, #(16 * 11)]
        stp     x24, x25, [sp, #(16 * 12)]
        stp     x26, x27, [sp, #(16 * 13)]
        stp     x28, x29, [sp, #(16 * 14)]
        str     x30, [sp, #(16 * 15)]
    .endm

    .macro el3_restore_regs
        ldp     x0, x1, [sp, #(16 * 0)]
        ldp     x2, x3, [sp, #(16 * 1)]
        ldp     x4, x5, [sp, #(16 * 2)]
        ldp     x6, x7, [sp, #(16 * 3)]
        ldp     x8, x9, [sp, #(16 * 4)]
        ldp     x10, x11, [sp, #(16 * 5)]
        ldp     x12, x13, [sp, #(16 * 6)]
        ldp     x14, x15, [sp, #(16 * 7)]
        ldp     x16, x17, [sp, #(16 * 8)]
        ldp     x18, x19, [sp, #(16 * 9)]
        ldp     x20, x21, [sp, #(16 * 10)]
        ldp     x22, x23, [sp, #(16 * 11)]
        ldp     x24, x25, [sp, #(16 * 12)]
        ldp     x26, x27, [sp, #(16 * 13)]
        ldp     x28, x29, [sp, #(16 * 14)]
        ldr     x30, [sp, #(16 * 15)]
        add     sp, sp, #(32 * 8)
    .endm

    // A vector the firmware never expects: report it and stop.
    .macro el3_unexpected_vector kind
        .balign 0x80
        el3_save_regs
        mov     x0, sp
        mov     x1, #\kind
        b       el3_unexpected
    .endm

    .section .text.el3_vectors, "ax"
    .balign 0x800
    .global el3_vectors
el3_vectors:
    el3_unexpected_vector 0
    el3_unexpected_vector 1
    el3_unexpected_vector 2
    el3_unexpected_vector 3
    el3_unexpected_vector 4
    el3_unexpected_vector 5
    el3_unexpected_vector 6
    el3_unexpected_vector 7
    // 0x400: synchronous exception from a lower EL in AArch64 (the SMC).
    .balign 0x80
    el3_save_regs
    b       el3_lower_sync_entry
    el3_unexpected_vector 9
    el3_unexpected_vector 10
    el3_unexpected_vector 11
    el3_unexpected_vector 12
    el3_unexpected_vector 13
    el3_unexpected_vector 14
    el3_unexpected_vector 15

el3_lower_sync_entry:
    mov     x0, sp
    bl      el3_lower_sync
    el3_restore_regs
    eret

    .section .el3_stacks, "aw", %nobits
    .balign 16
el3_stacks:
    .space {stacks_bytes}
el3_stacks_end:
"#,
    stack_size = const STACK_SIZE,
    max_cpus = const MAX_CPUS,
    stacks_bytes = const STACK_SIZE * MAX_CPUS,
);
