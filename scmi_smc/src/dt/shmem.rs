//! Finding every shared memory channel an SCMI node references.

use core::ffi::CStr;

use super::reg::{channel_region, take_cells};
use super::{DeviceTree, DtProblem, SCMI_SHMEM_COMPATIBLE, SCMI_SMC_COMPATIBLE, SHMEM_PROPERTY};

/// Children of an SCMI node searched for "shmem" (protocol nodes; real
/// trees have about ten). Bounds the walk whatever the tree looks like.
pub const MAX_SCMI_CHILDREN: usize = 64;

/// Xen's page size on Arm, as a shift: frame number = address >> 12.
pub const PAGE_SHIFT: u32 = 12;

/// Largest channel granted, in bytes: 64 KiB, the largest page an Arm
/// kernel uses, so a channel filling one page of any granule fits. A
/// channel holds one message (a 0x18-byte header and a payload of at most
/// a few hundred bytes); real ones are 256 bytes to 4 KiB
/// (`docs/boards.md`). Anything larger is a mistake in the tree, and
/// granting it would let the hardware domain map that much more.
pub const MAX_CHANNEL_SIZE: u64 = 0x1_0000;

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
    pub(super) fn new(node: N, addr: u64, size: u64) -> Result<Self, DtProblem> {
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

/// Receives what [`scan`] finds. Two methods rather than one taking a
/// [`ShmemVisit`]: the hardware domain's sink is called directly, without
/// building and taking apart an enum at every call.
pub(super) trait Visitor<N> {
    /// A usable channel.
    fn region(&mut self, region: ShmemRegion<N>);
    /// A problem at node `at`.
    fn problem(&mut self, at: N, problem: DtProblem);
}

/// [`for_each_shmem_region`]'s closure as a [`Visitor`].
struct Visits<F>(F);

impl<N, F: FnMut(ShmemVisit<N>)> Visitor<N> for Visits<F> {
    fn region(&mut self, region: ShmemRegion<N>) {
        (self.0)(ShmemVisit::Region(region));
    }
    fn problem(&mut self, at: N, problem: DtProblem) {
        (self.0)(ShmemVisit::Problem { at, problem });
    }
}

/// Whether `node` is an SCMI node the mediator handles: compatible with
/// "arm,scmi-smc" and enabled ([`DeviceTree::is_available`]). Xen does not
/// probe a disabled node, and neither its channels nor the node itself are
/// the mediator's business.
pub(crate) fn is_handled_scmi_node<T: DeviceTree + ?Sized>(dt: &T, node: T::Node) -> bool {
    dt.is_compatible(node, SCMI_SMC_COMPATIBLE) && dt.is_available(node)
}

/// Whether `node` is the SCMI node the single-agent mediator serves: the
/// first handled one in document order, the order in which Xen offers
/// nodes to the mediator. Any later one is [`DtProblem::NotMediated`]:
/// only one doorbell is forwarded, so its channel would be lost without
/// a word.
pub fn check_mediated<T: DeviceTree + ?Sized>(dt: &T, node: T::Node) -> Result<(), DtProblem> {
    let mut first = dt.next_compatible(None, SCMI_SMC_COMPATIBLE);
    while let Some(candidate) = first {
        if dt.is_available(candidate) {
            break;
        }
        first = dt.next_compatible(Some(candidate), SCMI_SMC_COMPATIBLE);
    }
    if first == Some(node) {
        Ok(())
    } else {
        Err(DtProblem::NotMediated)
    }
}

/// The node a shmem phandle names, if it is a valid phandle of one: 0 (Xen
/// gives it to every node without a phandle) and 0xffffffff (reserved by
/// the DT specification) never are.
fn target<T: DeviceTree + ?Sized>(dt: &T, phandle: u32) -> Option<T::Node> {
    if phandle == 0 || phandle == u32::MAX {
        None
    } else {
        dt.node_by_phandle(phandle)
    }
}

/// Walks the "shmem" lists of `scmi_node` and of its first
/// [`MAX_SCMI_CHILDREN`] children, in tree order, phandle by phandle.
///
/// With `find`, only answers whether a valid phandle in them names that
/// node, and reports nothing. Without, hands every channel and problem to
/// `visitor` and returns false. One walk serves both, so that the walk the
/// hardware domain's channels are skipped by is the one they are granted
/// by.
///
/// A list that is empty or not a whole number of cells is not trusted at
/// all (a partial last cell means it is not what the author meant). The
/// SCMI node must have "shmem"; a child need not (it then shares the
/// node's channel), and a disabled child's list is not read.
fn scan<T, V>(dt: &T, scmi_node: T::Node, find: Option<T::Node>, visitor: &mut V) -> bool
where
    T: DeviceTree + ?Sized,
    V: Visitor<T::Node> + ?Sized,
{
    let report = find.is_none();
    let mut owner = scmi_node;
    let mut list = dt.property(owner, SHMEM_PROPERTY);
    if list.is_none() && report {
        visitor.problem(owner, DtProblem::MissingShmem);
    }
    let mut child = dt.first_child(scmi_node);
    let mut searched = 0usize;
    loop {
        if let Some(mut cells) = list {
            if cells.is_empty() || cells.len() % 4 != 0 {
                if report {
                    let len = cells.len();
                    visitor.problem(owner, DtProblem::BadShmemLength { len });
                }
                cells = &[];
            }
            while let Some(phandle) = take_cells(&mut cells, 1) {
                // One cell: the value fits.
                let phandle = phandle as u32;
                let node = target(dt, phandle);
                match find {
                    Some(wanted) if node == Some(wanted) => return true,
                    Some(_) => {}
                    None => resolve(dt, owner, phandle, node, visitor),
                }
            }
        }
        let Some(node) = child else {
            return false;
        };
        if searched == MAX_SCMI_CHILDREN {
            if report {
                let limit = MAX_SCMI_CHILDREN;
                visitor.problem(scmi_node, DtProblem::TooManyChildren { limit });
            }
            return false;
        }
        searched = searched.wrapping_add(1);
        owner = node;
        // A disabled protocol node counts as absent, its channel too.
        list = dt
            .is_available(node)
            .then(|| dt.property(node, SHMEM_PROPERTY))
            .flatten();
        child = dt.next_sibling(node);
    }
}

/// Visits every channel referenced by `scmi_node`'s "shmem" and by the
/// "shmem" of each of its children, in tree order. A bad reference is
/// reported and skipped; the others are still visited. The SCMI node must
/// have "shmem" (a child need not: it then shares the node's channel). At
/// most [`MAX_SCMI_CHILDREN`] children are searched.
pub fn for_each_shmem_region<T, F>(dt: &T, scmi_node: T::Node, visit: F)
where
    T: DeviceTree + ?Sized,
    F: FnMut(ShmemVisit<T::Node>),
{
    scan(dt, scmi_node, None, &mut Visits(visit));
}

/// Reports the regions of a handled SCMI node to `visitor`.
pub(super) fn visit_regions<T, V>(dt: &T, scmi_node: T::Node, visitor: &mut V)
where
    T: DeviceTree + ?Sized,
    V: Visitor<T::Node> + ?Sized,
{
    scan(dt, scmi_node, None, visitor);
}

/// Whether `node` is a channel of a handled SCMI node: compatible with
/// "arm,scmi-shmem" and named by a phandle in a "shmem" list that
/// [`for_each_shmem_region`] follows for some node for which
/// [`is_handled_scmi_node`] holds. Channels of other SCMI transports
/// (mailbox, OP-TEE) and of disabled nodes are not. It walks with the
/// same [`scan`] as [`visit_regions`], with `visitor` (which hears
/// nothing).
pub(super) fn handled_channel<T, V>(dt: &T, node: T::Node, visitor: &mut V) -> bool
where
    T: DeviceTree + ?Sized,
    V: Visitor<T::Node> + ?Sized,
{
    channel_of(dt, node, SCMI_SMC_COMPATIBLE, visitor)
}

/// Whether `node` is an "arm,scmi-shmem" node that an enabled node
/// compatible with `owners` (or one of its first children) names in its
/// "shmem" list.
pub(super) fn channel_of<T, V>(dt: &T, node: T::Node, owners: &CStr, visitor: &mut V) -> bool
where
    T: DeviceTree + ?Sized,
    V: Visitor<T::Node> + ?Sized,
{
    if !dt.is_compatible(node, SCMI_SHMEM_COMPATIBLE) {
        return false;
    }
    let mut owner = dt.next_compatible(None, owners);
    while let Some(owner_node) = owner {
        if dt.is_available(owner_node) && scan(dt, owner_node, Some(node), visitor) {
            return true;
        }
        owner = dt.next_compatible(Some(owner_node), owners);
    }
    false
}

/// Follows one phandle of `owner`'s list, which names `target`, to a
/// channel.
fn resolve<T, V>(dt: &T, owner: T::Node, phandle: u32, target: Option<T::Node>, visitor: &mut V)
where
    T: DeviceTree + ?Sized,
    V: Visitor<T::Node> + ?Sized,
{
    let Some(target) = target else {
        return visitor.problem(owner, DtProblem::DanglingPhandle { phandle });
    };
    // Each problem is reported from a call of its own, with its variant
    // known there, so that a sink inlined here prints its line directly.
    if !dt.is_compatible(target, SCMI_SHMEM_COMPATIBLE) {
        return visitor.problem(target, DtProblem::NotShmem { phandle });
    }
    match channel_region(dt, target) {
        Ok(region) => visitor.region(region),
        Err(problem) => visitor.problem(target, problem),
    }
}
