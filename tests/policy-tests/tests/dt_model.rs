//! The DT policy over a hand-written `DeviceTree`, for behaviours a well-
//! formed blob cannot show: a tree whose sibling links loop, and answers an
//! implementation over Xen's tree may give (errors, availability).

use std::ffi::CStr;

use scmi_smc::dt::{
    dom0_node_action, for_each_shmem_region, DeviceTree, Dom0DtSink, DtProblem, NodeAction,
    ScmiUses, SharedPage, ShmemVisit, MAX_SCMI_CHILDREN, MAX_TREE_NODES,
};

/// Where the channel starts on its bus (one address and one size cell).
const BUS_START: u32 = 0x1000;

/// Node 0 is the SCMI node; node 1 is its only "child", whose next sibling
/// is itself; phandle 7 is node 2, a channel of `size` bytes at
/// [`BUS_START`], whose first and last bytes translate as `start` and
/// `end` say. Its bus, node 3, is a child of node 4, the root of a tree
/// of its own, with one window mapping the channel to `start` (0 for
/// none): the structure the policy carries the region up through. Node 0 is available as
/// `available` says (the FFI asks Xen; no "status" here).
struct Looping {
    reg: [u8; 8],
    ranges: [u8; 12],
    start: Option<u64>,
    end: Option<u64>,
    available: bool,
    /// Whether node 4 has node 3 as its child and node 3 node 2, so that
    /// a walk from the root meets the looping sibling list too.
    linked: bool,
}

impl Looping {
    /// What the implementation answers: the first byte's CPU address, the
    /// size, the last byte's CPU address.
    fn answering(start: Option<u64>, size: u32, end: Option<u64>) -> Self {
        let mut reg = [0; 8];
        reg[..4].copy_from_slice(&BUS_START.to_be_bytes());
        reg[4..].copy_from_slice(&size.to_be_bytes());
        let mut ranges = [0; 12];
        let parent = start.map_or(0, |start| u32::try_from(start).expect("32-bit start"));
        for (cells, value) in ranges.chunks_mut(4).zip([BUS_START, parent, size]) {
            cells.copy_from_slice(&value.to_be_bytes());
        }
        Looping {
            reg,
            ranges,
            start,
            end,
            available: true,
            linked: false,
        }
    }

    /// A channel of `size` bytes the bus maps to CPU address `addr`.
    fn mapped(addr: u64, size: u32) -> Self {
        Self::answering(Some(addr), size, Some(addr + u64::from(size) - 1))
    }
}

impl DeviceTree for Looping {
    type Node = usize;

    fn is_compatible(&self, node: usize, compat: &CStr) -> bool {
        match node {
            0 => compat == c"arm,scmi-smc",
            2 => compat == c"arm,scmi-shmem",
            _ => false,
        }
    }
    fn is_available(&self, node: usize) -> bool {
        node != 0 || self.available
    }
    fn property(&self, node: usize, name: &CStr) -> Option<&[u8]> {
        match node {
            0 | 1 => (name == c"shmem").then_some(&[0, 0, 0, 7][..]),
            2 => (name == c"reg").then_some(&self.reg[..]),
            _ => (name == c"ranges").then_some(&self.ranges[..]),
        }
    }
    fn node_by_phandle(&self, phandle: u32) -> Option<usize> {
        assert!(
            phandle != 0 && phandle != u32::MAX,
            "invalid phandles are never looked up"
        );
        (phandle == 7).then_some(2)
    }
    fn next_compatible(&self, after: Option<usize>, compat: &CStr) -> Option<usize> {
        let first = after.map_or(0, |a| a + 1);
        (first..3).find(|node| self.is_compatible(*node, compat))
    }
    fn parent(&self, node: usize) -> Option<usize> {
        match node {
            1 => Some(0),
            2 => Some(3),
            3 => Some(4),
            _ => None,
        }
    }
    fn first_child(&self, node: usize) -> Option<usize> {
        match node {
            0 => Some(1),
            4 if self.linked => Some(3),
            3 if self.linked => Some(2),
            _ => None,
        }
    }
    fn next_sibling(&self, node: usize) -> Option<usize> {
        Some(node)
    }
    fn reg_cells(&self, _node: usize) -> (u32, u32) {
        (1, 1)
    }
    fn translate(&self, _node: usize, addr: &[u32; 4]) -> Option<u64> {
        if u32::from_be(addr[0]) == BUS_START {
            self.start
        } else {
            self.end
        }
    }
}

#[derive(Default)]
struct Sink {
    grants: usize,
    problems: Vec<(usize, DtProblem)>,
}

impl Dom0DtSink<usize> for Sink {
    fn grant(&mut self, _first: u64, _last: u64) {
        self.grants += 1;
    }
    fn problem(&mut self, at: usize, problem: DtProblem) {
        self.problems.push((at, problem));
    }
    fn shared_page(&mut self, channel: usize, with: usize, pfn: u64, granted: bool) {
        panic!("channel {channel} shares {pfn:#x} with {with} ({granted}): nothing else has reg");
    }
    fn uses_scmi(&mut self, node: usize, uses: ScmiUses) {
        panic!("node {node} uses SCMI: {uses:?}; no node has such properties");
    }
}

/// Passthrough, as Xen's default has it.
fn passthrough<T: DeviceTree<Node = usize>>(dt: &T, node: usize, sink: &mut Sink) -> NodeAction {
    dom0_node_action(dt, node, false, SharedPage::Refuse, sink)
}

#[test]
fn a_looping_sibling_list_ends_at_the_child_limit() {
    let mut sink = Sink::default();
    let action = passthrough(&Looping::mapped(0x1000, 0x1000), 0, &mut sink);
    assert_eq!(action, NodeAction::Skip);
    assert!(action.is_skip());
    assert_eq!(sink.grants, 1 + MAX_SCMI_CHILDREN);
    assert_eq!(
        sink.problems,
        vec![(
            0,
            DtProblem::TooManyChildren {
                limit: MAX_SCMI_CHILDREN
            }
        )]
    );
}

#[test]
fn translation_failures_from_the_implementation_are_reported_at_the_channel() {
    for (dt, problem) in [
        (
            Looping::answering(None, 0x10, Some(0x10f)),
            DtProblem::BadReg,
        ),
        (
            Looping::answering(Some(0x100), 0x10, None),
            DtProblem::PastWindow,
        ),
        (
            Looping::answering(Some(0x100), 0x10, Some(0x110)),
            DtProblem::PastWindow,
        ),
        (
            Looping::answering(Some(0x100), 0, Some(0x100)),
            DtProblem::ZeroSize { addr: 0x100 },
        ),
    ] {
        let mut visits = Vec::new();
        for_each_shmem_region(&dt, 0, |visit| visits.push(visit));
        assert_eq!(
            visits.first(),
            Some(&ShmemVisit::Problem { at: 2, problem }),
            "{problem:?}"
        );
    }
}

#[test]
fn regions_carry_their_node_and_bounds() {
    let mut visits = Vec::new();
    for_each_shmem_region(&Looping::mapped(0x2000_0800, 0x1000), 0, |v| visits.push(v));
    let ShmemVisit::Region(region) = visits[0] else {
        panic!("{visits:?}")
    };
    assert_eq!(
        (region.node, region.addr, region.size, region.last),
        (2, 0x2000_0800, 0x1000, 0x2000_17ff)
    );
    assert_eq!((region.first_pfn(), region.last_pfn()), (0x20000, 0x20001));
}

#[test]
fn an_owner_keeps_even_the_scmi_node() {
    let mut sink = Sink::default();
    assert_eq!(
        dom0_node_action(
            &Looping::mapped(0, 1),
            0,
            true,
            SharedPage::Refuse,
            &mut sink
        ),
        NodeAction::Keep
    );
    assert_eq!(sink.grants, 0);
}

#[test]
fn shmem_nodes_are_skipped_and_others_kept() {
    let dt = Looping::mapped(0, 1);
    let mut sink = Sink::default();
    assert_eq!(passthrough(&dt, 2, &mut sink), NodeAction::Skip);
    assert_eq!(passthrough(&dt, 1, &mut sink), NodeAction::Keep);
    assert_eq!(sink.grants, 0);
    assert!(sink.problems.is_empty());
}

#[test]
fn an_unavailable_scmi_node_and_its_channel_are_kept() {
    let dt = Looping {
        available: false,
        ..Looping::mapped(0x1000, 0x1000)
    };
    let mut sink = Sink::default();
    for node in 0..3 {
        assert_eq!(
            passthrough(&dt, node, &mut sink),
            NodeAction::Keep,
            "node {node}"
        );
    }
    assert_eq!(sink.grants, 0);
    assert!(sink.problems.is_empty());
}

#[test]
fn the_walk_for_what_shares_a_page_is_bounded_and_then_refuses() {
    let dt = Looping {
        linked: true,
        ..Looping::mapped(0x1000, 0x1000)
    };
    let mut sink = Sink::default();
    let mut visits = Vec::new();
    for_each_shmem_region(&dt, 0, |visit| visits.push(visit));
    assert!(matches!(visits[0], ShmemVisit::Region(_)), "{visits:?}");
    assert_eq!(passthrough(&dt, 0, &mut sink), NodeAction::Skip);
    assert_eq!(sink.grants, 0, "a page not known to be the channel's alone");
    let limit = MAX_TREE_NODES;
    assert_eq!(
        sink.problems.first(),
        Some(&(2, DtProblem::TreeTooLarge { limit }))
    );
}
