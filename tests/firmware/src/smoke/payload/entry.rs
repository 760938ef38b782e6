//! Entry points: the boot CPU at the image's first byte (the firmware's
//! ERET target), the second CPU at `smoke_secondary_entry` (CPU_ON).

/// Bytes of stack for each of the two CPUs the payload uses.
const STACK_SIZE: usize = 0x4000;

extern "C" {
    /// Where CPU_ON sends the second CPU (x0 = context id).
    pub fn smoke_secondary_entry();
}

core::arch::global_asm!(
    r#"
    .section .text.smoke_entry, "ax"
    .global smoke_entry
smoke_entry:
    adrp    x1, smoke_stacks_end
    add     x1, x1, :lo12:smoke_stacks_end
    mov     sp, x1
    adrp    x1, __smoke_bss_start
    add     x1, x1, :lo12:__smoke_bss_start
    adrp    x2, __smoke_bss_end
    add     x2, x2, :lo12:__smoke_bss_end
1:  cmp     x1, x2
    b.hs    2f
    str     xzr, [x1], #8
    b       1b
2:  bl      smoke_main
3:  wfe
    b       3b

    .global smoke_secondary_entry
smoke_secondary_entry:
    // x0 = context id, kept for smoke_secondary_main.
    adrp    x1, smoke_stacks_end
    add     x1, x1, :lo12:smoke_stacks_end
    sub     x1, x1, #{stack_size}
    mov     sp, x1
    bl      smoke_secondary_main
4:  wfe
    b       4b

    .section .smoke_stacks, "aw", %nobits
    .balign 16
    .space {stacks_bytes}
smoke_stacks_end:
"#,
    stack_size = const STACK_SIZE,
    stacks_bytes = const 2 * STACK_SIZE,
);
