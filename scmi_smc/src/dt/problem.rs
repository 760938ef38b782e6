//! Typed problems found in the SCMI part of a device tree, each a log line.

use crate::log::{self, LogFormat};

/// Something wrong with an SCMI node or a channel it references. The bad
/// part is skipped; everything else is still used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DtProblem {
    /// The SCMI node has no "shmem" property.
    MissingShmem,
    /// A "shmem" property is empty or not a whole number of cells.
    BadShmemLength {
        /// Its length in bytes.
        len: usize,
    },
    /// A shmem phandle that names no node (0 and 0xffffffff never do).
    DanglingPhandle {
        /// The phandle.
        phandle: u32,
    },
    /// A shmem phandle names a node not compatible with "arm,scmi-shmem".
    NotShmem {
        /// The phandle.
        phandle: u32,
    },
    /// The channel has no first "reg" entry whose start translates to a
    /// CPU address: none, truncated, more than two address or size cells,
    /// or a bus without "ranges" or without a window for it.
    BadReg,
    /// The channel starts inside a bus's "ranges" window and runs past its
    /// end, so its last bytes are not where its first ones would put them.
    PastWindow,
    /// The channel has size 0.
    ZeroSize {
        /// Its address.
        addr: u64,
    },
    /// The channel's last byte lies past 2^64 - 1.
    Overflow {
        /// Its address.
        addr: u64,
        /// Its size.
        size: u64,
    },
    /// The SCMI node has more children than are searched.
    TooManyChildren {
        /// How many are searched.
        limit: usize,
    },
}

impl DtProblem {
    /// The line to print with the node reported and [`Self::log_args`].
    /// Always inlined, as [`Self::log_args`]: where the variant is known,
    /// both come down to constants.
    #[inline(always)]
    pub fn log_line(&self) -> &'static LogFormat<log::Dt> {
        match self {
            DtProblem::MissingShmem => &log::boot::DT_MISSING_SHMEM,
            DtProblem::BadShmemLength { .. } => &log::boot::DT_BAD_SHMEM_LENGTH,
            DtProblem::DanglingPhandle { .. } => &log::boot::DT_DANGLING_PHANDLE,
            DtProblem::NotShmem { .. } => &log::boot::DT_NOT_SHMEM,
            DtProblem::BadReg => &log::boot::DT_BAD_REG,
            DtProblem::PastWindow => &log::boot::DT_REG_PAST_WINDOW,
            DtProblem::ZeroSize { .. } => &log::boot::DT_ZERO_SIZE,
            DtProblem::Overflow { .. } => &log::boot::DT_OVERFLOW,
            DtProblem::TooManyChildren { .. } => &log::boot::DT_TOO_MANY_CHILDREN,
        }
    }

    /// The two `u64` arguments after the node name (unused ones are 0).
    #[inline(always)]
    pub const fn log_args(&self) -> [u64; 2] {
        match *self {
            DtProblem::MissingShmem | DtProblem::BadReg | DtProblem::PastWindow => [0, 0],
            DtProblem::BadShmemLength { len } => [len as u64, 0],
            DtProblem::DanglingPhandle { phandle } | DtProblem::NotShmem { phandle } => {
                [phandle as u64, 0]
            }
            DtProblem::ZeroSize { addr } => [addr, 0],
            DtProblem::Overflow { addr, size } => [addr, size],
            DtProblem::TooManyChildren { limit } => [limit as u64, 0],
        }
    }
}
