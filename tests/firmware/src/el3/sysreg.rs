//! Reading and writing system registers by name.

/// Reads a system register, e.g. `read!("mpidr_el1")`.
macro_rules! read {
    ($reg:literal) => {{
        let value: u64;
        // SAFETY: reading a system register has no side effect on memory;
        // the firmware only names registers that exist at EL3 on ARMv8.0.
        unsafe {
            core::arch::asm!(concat!("mrs {}, ", $reg), out(reg) value, options(nomem, nostack, preserves_flags));
        }
        value
    }};
}

/// Writes a system register and synchronises the context, e.g.
/// `write!("scr_el3", value)`.
macro_rules! write {
    ($reg:literal, $value:expr) => {{
        let value: u64 = $value;
        // SAFETY: the firmware owns EL3 and configures the lower ELs
        // before entering them; the values written are documented at each
        // call. The ISB makes the change visible to what follows.
        unsafe {
            core::arch::asm!(concat!("msr ", $reg, ", {}"), "isb", in(reg) value, options(nostack, preserves_flags));
        }
    }};
}

pub(crate) use read;
pub(crate) use write;
