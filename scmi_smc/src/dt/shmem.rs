//! Finding every shared memory channel an SCMI node references.

use super::{DeviceTree, DtProblem, SCMI_SHMEM_COMPATIBLE, SCMI_SMC_COMPATIBLE, SHMEM_PROPERTY};

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

/// Whether `node` is an SCMI node the mediator handles: compatible with
/// "arm,scmi-smc" and enabled ([`DeviceTree::is_available`]). Xen does not
/// probe a disabled node, and neither its channels nor the node itself are
/// the mediator's business.
pub fn is_handled_scmi_node<T: DeviceTree + ?Sized>(dt: &T, node: T::Node) -> bool {
    dt.is_compatible(node, SCMI_SMC_COMPATIBLE) && dt.is_available(node)
}

/// The "shmem" lists of an SCMI node and of its first
/// [`MAX_SCMI_CHILDREN`] children, in tree order: `each(owner, list)` for
/// the node itself (`None` if it has no "shmem") and for every searched
/// child that has one. Returns whether children were left unsearched.
fn for_each_list<'t, T, F>(dt: &'t T, scmi_node: T::Node, mut each: F) -> bool
where
    T: DeviceTree + ?Sized,
    F: FnMut(T::Node, Option<&'t [u8]>),
{
    each(scmi_node, dt.property(scmi_node, SHMEM_PROPERTY));
    let mut child = dt.first_child(scmi_node);
    let mut searched = 0usize;
    while let Some(node) = child {
        if searched >= MAX_SCMI_CHILDREN {
            return true;
        }
        searched = searched.saturating_add(1);
        if let Some(list) = dt.property(node, SHMEM_PROPERTY) {
            each(node, Some(list));
        }
        child = dt.next_sibling(node);
    }
    false
}

/// The phandles of a "shmem" list, or `None` if it is empty or not a whole
/// number of cells: a partial last cell means the property is not what the
/// author meant, so none of it is trusted rather than guessed at.
fn phandles(list: &[u8]) -> Option<impl Iterator<Item = u32> + '_> {
    if list.is_empty() || list.len() % 4 != 0 {
        return None;
    }
    Some(list.chunks_exact(4).map(|cell| {
        cell.first_chunk()
            .map_or(0, |bytes| u32::from_be_bytes(*bytes))
    }))
}

/// The node a shmem phandle names, if it is a valid phandle of one.
fn target<T: DeviceTree + ?Sized>(dt: &T, phandle: u32) -> Option<T::Node> {
    if INVALID_PHANDLES.contains(&phandle) {
        None
    } else {
        dt.node_by_phandle(phandle)
    }
}

/// Visits every channel referenced by `scmi_node`'s "shmem" and by the
/// "shmem" of each of its children, in tree order. A bad reference is
/// reported and skipped; the others are still visited. The SCMI node must
/// have "shmem" (a child need not: it then shares the node's channel). At
/// most [`MAX_SCMI_CHILDREN`] children are searched.
pub fn for_each_shmem_region<T, F>(dt: &T, scmi_node: T::Node, mut visit: F)
where
    T: DeviceTree + ?Sized,
    F: FnMut(ShmemVisit<T::Node>),
{
    let truncated = for_each_list(dt, scmi_node, |owner, list| match list {
        Some(list) => visit_list(dt, owner, list, &mut visit),
        None => visit(ShmemVisit::Problem {
            at: owner,
            problem: DtProblem::MissingShmem,
        }),
    });
    if truncated {
        visit(ShmemVisit::Problem {
            at: scmi_node,
            problem: DtProblem::TooManyChildren {
                limit: MAX_SCMI_CHILDREN,
            },
        });
    }
}

/// Whether `node` is a channel of a handled SCMI node: compatible with
/// "arm,scmi-shmem" and named by a phandle in a "shmem" list that
/// [`for_each_shmem_region`] follows for some node for which
/// [`is_handled_scmi_node`] holds. Channels of other SCMI transports
/// (mailbox, OP-TEE) and of disabled nodes are not.
pub fn is_handled_channel<T: DeviceTree + ?Sized>(dt: &T, node: T::Node) -> bool {
    if !dt.is_compatible(node, SCMI_SHMEM_COMPATIBLE) {
        return false;
    }
    let mut scmi = dt.next_compatible(None, SCMI_SMC_COMPATIBLE);
    while let Some(scmi_node) = scmi {
        if is_handled_scmi_node(dt, scmi_node) && refers_to(dt, scmi_node, node) {
            return true;
        }
        scmi = dt.next_compatible(Some(scmi_node), SCMI_SMC_COMPATIBLE);
    }
    false
}

/// Whether a "shmem" list of `scmi_node` or of a searched child names
/// `channel`.
fn refers_to<T: DeviceTree + ?Sized>(dt: &T, scmi_node: T::Node, channel: T::Node) -> bool {
    let mut found = false;
    for_each_list(dt, scmi_node, |_, list| {
        if let Some(mut cells) = list.and_then(phandles) {
            found = found || cells.any(|phandle| target(dt, phandle) == Some(channel));
        }
    });
    found
}

/// Visits the channels of one "shmem" property found on `owner`.
fn visit_list<T, F>(dt: &T, owner: T::Node, list: &[u8], visit: &mut F)
where
    T: DeviceTree + ?Sized,
    F: FnMut(ShmemVisit<T::Node>),
{
    let Some(cells) = phandles(list) else {
        visit(ShmemVisit::Problem {
            at: owner,
            problem: DtProblem::BadShmemLength { len: list.len() },
        });
        return;
    };
    for phandle in cells {
        visit(resolve(dt, owner, phandle));
    }
}

/// Follows one phandle to a channel.
fn resolve<T>(dt: &T, owner: T::Node, phandle: u32) -> ShmemVisit<T::Node>
where
    T: DeviceTree + ?Sized,
{
    let Some(target) = target(dt, phandle) else {
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
