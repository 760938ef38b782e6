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
    /// A bus's sum for the channel wraps past 2^64 - 1 (at one end or at
    /// both, which leaves the two ends as far apart as on the bus).
    Wraps,
    /// A parent bus of one address cell cannot hold where the channel
    /// lands; Xen would keep the low 32 bits, another place altogether.
    Truncated,
    /// The channel is larger than [`MAX_CHANNEL_SIZE`](super::MAX_CHANNEL_SIZE).
    TooLarge {
        /// Its size.
        size: u64,
    },
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
    /// An enabled "arm,scmi-smc" node after the first: the single-agent
    /// mediator forwards one node's doorbell, so nobody can use this one.
    NotMediated,
    /// The SCMI node has more children than are searched.
    TooManyChildren {
        /// How many are searched.
        limit: usize,
    },
    /// The walk over the tree for what else lies in the channel's frames
    /// gave up (more nodes or levels than are searched): the channel is
    /// treated as sharing them.
    TreeTooLarge {
        /// How many nodes are searched.
        limit: usize,
    },
}

impl DtProblem {
    /// The line to print after the node's name, and its two `u64`
    /// arguments (unused ones are 0). Always inlined: where the variant is
    /// known, all of it comes down to constants.
    #[inline(always)]
    pub const fn report(&self) -> (&'static LogFormat<log::DtLine>, [u64; 2]) {
        use log::boot::*;
        match *self {
            DtProblem::MissingShmem => (&DT_MISSING_SHMEM, [0, 0]),
            DtProblem::BadShmemLength { len } => (&DT_BAD_SHMEM_LENGTH, [len as u64, 0]),
            DtProblem::DanglingPhandle { phandle } => (&DT_DANGLING_PHANDLE, [phandle as u64, 0]),
            DtProblem::NotShmem { phandle } => (&DT_NOT_SHMEM, [phandle as u64, 0]),
            DtProblem::BadReg => (&DT_BAD_REG, [0, 0]),
            DtProblem::PastWindow => (&DT_REG_PAST_WINDOW, [0, 0]),
            DtProblem::NotMediated => (&DT_NOT_MEDIATED, [0, 0]),
            DtProblem::Wraps => (&DT_REG_WRAPS, [0, 0]),
            DtProblem::Truncated => (&DT_REG_TRUNCATED, [0, 0]),
            DtProblem::TooLarge { size } => (&DT_TOO_LARGE, [size, super::MAX_CHANNEL_SIZE]),
            DtProblem::ZeroSize { addr } => (&DT_ZERO_SIZE, [addr, 0]),
            DtProblem::Overflow { addr, size } => (&DT_OVERFLOW, [addr, size]),
            DtProblem::TooManyChildren { limit } => (&DT_TOO_MANY_CHILDREN, [limit as u64, 0]),
            DtProblem::TreeTooLarge { limit } => (&DT_TREE_TOO_LARGE, [limit as u64, 0]),
        }
    }
}
