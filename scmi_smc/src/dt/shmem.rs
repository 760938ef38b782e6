//! Finding every shared memory channel an SCMI node references.

use super::{DeviceTree, DtProblem, SCMI_SHMEM_COMPATIBLE, SHMEM_PROPERTY};

/// Children of an SCMI node searched for "shmem" (protocol nodes; real
/// trees have about ten). Bounds the walk whatever the tree looks like.
pub const MAX_SCMI_CHILDREN: usize = 64;

/// Xen's page size on Arm, as a shift: frame number = address >> 12.
pub const PAGE_SHIFT: u32 = 12;

/// Phandle values that never name a node: 0 (Xen gives it to every node
/// without a phandle) and 0xffffffff (reserved by the DT specification).
const INVALID_PHANDLES: [u32; 2] = [0, u32::MAX];

/// One valid shared memory channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShmemRegion<N> {
    /// The "arm,scmi-shmem" node.
    pub node: N,
    /// CPU physical address of the first byte.
    pub addr: u64,
    /// Size in bytes, non-zero.
    pub size: u64,
    /// CPU physical address of the last byte (`addr + size - 1`, which the
    /// constructor proved representable).
    pub last: u64,
}

impl<N> ShmemRegion<N> {
    /// A region, or the problem that makes `(addr, size)` unusable.
    fn new(node: N, addr: u64, size: u64) -> Result<Self, DtProblem> {
        let span = size.checked_sub(1).ok_or(DtProblem::ZeroSize { addr })?;
        let last = addr
            .checked_add(span)
            .ok_or(DtProblem::Overflow { addr, size })?;
        Ok(ShmemRegion {
            node,
            addr,
            size,
            last,
        })
    }

    /// Frame number of the first page the channel touches.
    pub const fn first_pfn(&self) -> u64 {
        self.addr >> PAGE_SHIFT
    }

    /// Frame number of the last page the channel touches.
    pub const fn last_pfn(&self) -> u64 {
        self.last >> PAGE_SHIFT
    }
}

/// What [`for_each_shmem_region`] found, one item at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShmemVisit<N> {
    /// A usable channel.
    Region(ShmemRegion<N>),
    /// A problem, reported at the node it concerns (the referencing node for
    /// bad lists and dangling phandles, the target for everything else).
    Problem {
        /// The node to name in the log line.
        at: N,
        /// What is wrong.
        problem: DtProblem,
    },
}

/// Visits every channel referenced by `scmi_node`'s "shmem" and by the
/// "shmem" of each of its children, in tree order. A bad reference is
/// reported and skipped; the others are still visited. The SCMI node must
/// have "shmem" (a child need not: it then shares the node's channel). At
/// most [`MAX_SCMI_CHILDREN`] children are searched.
pub fn for_each_shmem_region<T, F>(dt: &T, scmi_node: T::Node, mut visit: F)
where
    T: DeviceTree,
    F: FnMut(ShmemVisit<T::Node>),
{
    match dt.property(scmi_node, SHMEM_PROPERTY) {
        Some(list) => visit_list(dt, scmi_node, list, &mut visit),
        None => visit(ShmemVisit::Problem {
            at: scmi_node,
            problem: DtProblem::MissingShmem,
        }),
    }

    let mut child = dt.first_child(scmi_node);
    let mut searched = 0usize;
    while let Some(node) = child {
        if searched >= MAX_SCMI_CHILDREN {
            visit(ShmemVisit::Problem {
                at: scmi_node,
                problem: DtProblem::TooManyChildren {
                    limit: MAX_SCMI_CHILDREN,
                },
            });
            break;
        }
        searched = searched.saturating_add(1);
        if let Some(list) = dt.property(node, SHMEM_PROPERTY) {
            visit_list(dt, node, list, &mut visit);
        }
        child = dt.next_sibling(node);
    }
}

/// Visits the channels of one "shmem" property found on `owner`.
fn visit_list<T, F>(dt: &T, owner: T::Node, list: &[u8], visit: &mut F)
where
    T: DeviceTree,
    F: FnMut(ShmemVisit<T::Node>),
{
    // A partial last cell means the property is not what the author meant:
    // trust none of it rather than guess.
    if list.is_empty() || list.len() % 4 != 0 {
        visit(ShmemVisit::Problem {
            at: owner,
            problem: DtProblem::BadShmemLength { len: list.len() },
        });
        return;
    }
    for cell in list.chunks_exact(4) {
        let mut bytes = [0u8; 4];
        bytes.copy_from_slice(cell);
        visit(resolve(dt, owner, u32::from_be_bytes(bytes)));
    }
}

/// Follows one phandle to a channel.
fn resolve<T: DeviceTree>(dt: &T, owner: T::Node, phandle: u32) -> ShmemVisit<T::Node> {
    let target = if INVALID_PHANDLES.contains(&phandle) {
        None
    } else {
        dt.node_by_phandle(phandle)
    };
    let Some(target) = target else {
        return ShmemVisit::Problem {
            at: owner,
            problem: DtProblem::DanglingPhandle { phandle },
        };
    };
    let problem = |problem| ShmemVisit::Problem {
        at: target,
        problem,
    };
    if !dt.is_compatible(target, SCMI_SHMEM_COMPATIBLE) {
        return problem(DtProblem::NotShmem { phandle });
    }
    match dt.first_reg(target) {
        Err(err) => problem(DtProblem::Reg(err)),
        Ok((addr, size)) => match ShmemRegion::new(target, addr, size) {
            Ok(region) => ShmemVisit::Region(region),
            Err(err) => problem(err),
        },
    }
}
