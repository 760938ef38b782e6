//! The DT policy over a hand-written `DeviceTree`, for behaviours a well-
//! formed blob cannot show: a tree whose sibling links loop, and answers an
//! implementation over Xen's tree may give (errors, availability).

use std::ffi::CStr;

use scmi_smc::dt::{
    dom0_node_action, for_each_shmem_region, DeviceTree, Dom0DtSink, DtProblem, NodeAction,
    RegError, ShmemVisit, MAX_SCMI_CHILDREN,
};

/// Node 0 is the SCMI node; node 1 is its only "child", whose next sibling
/// is itself; phandle 7 is node 2, a channel whose reg is `reg`. Node 0 is
/// available as `available` says (the FFI asks Xen; no "status" here).
struct Looping {
    reg: Result<(u64, u64), RegError>,
    available: bool,
}

impl Looping {
    fn with_reg(reg: Result<(u64, u64), RegError>) -> Self {
        Looping {
            reg,
            available: true,
        }
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
        (name == c"shmem" && node <= 1).then_some(&[0, 0, 0, 7][..])
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
        (node == 1).then_some(0)
    }
    fn first_child(&self, node: usize) -> Option<usize> {
        (node == 0).then_some(1)
    }
    fn next_sibling(&self, node: usize) -> Option<usize> {
        Some(node)
    }
    fn first_reg(&self, _node: usize) -> Result<(u64, u64), RegError> {
        self.reg
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
}

#[test]
fn a_looping_sibling_list_ends_at_the_child_limit() {
    let mut sink = Sink::default();
    let action = dom0_node_action(
        &Looping::with_reg(Ok((0x1000, 0x1000))),
        0,
        false,
        &mut sink,
    );
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
fn reg_errors_from_the_implementation_are_reported_at_the_channel() {
    for err in [
        RegError::Missing,
        RegError::Malformed,
        RegError::Untranslatable,
        RegError::PastWindow,
    ] {
        let mut visits = Vec::new();
        for_each_shmem_region(&Looping::with_reg(Err(err)), 0, |visit| visits.push(visit));
        assert_eq!(
            visits.first(),
            Some(&ShmemVisit::Problem {
                at: 2,
                problem: DtProblem::Reg(err)
            })
        );
    }
}

#[test]
fn regions_carry_their_node_and_bounds() {
    let mut visits = Vec::new();
    for_each_shmem_region(&Looping::with_reg(Ok((0x2000_0800, 0x1000))), 0, |v| {
        visits.push(v)
    });
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
        dom0_node_action(&Looping::with_reg(Ok((0, 1))), 0, true, &mut sink),
        NodeAction::Keep
    );
    assert_eq!(sink.grants, 0);
}

#[test]
fn shmem_nodes_are_skipped_and_others_kept() {
    let dt = Looping::with_reg(Ok((0, 1)));
    let mut sink = Sink::default();
    assert_eq!(dom0_node_action(&dt, 2, false, &mut sink), NodeAction::Skip);
    assert_eq!(dom0_node_action(&dt, 1, false, &mut sink), NodeAction::Keep);
    assert_eq!(sink.grants, 0);
    assert!(sink.problems.is_empty());
}

#[test]
fn an_unavailable_scmi_node_and_its_channel_are_kept() {
    let dt = Looping {
        reg: Ok((0x1000, 0x1000)),
        available: false,
    };
    let mut sink = Sink::default();
    for node in 0..3 {
        assert_eq!(
            dom0_node_action(&dt, node, false, &mut sink),
            NodeAction::Keep,
            "node {node}"
        );
    }
    assert_eq!(sink.grants, 0);
    assert!(sink.problems.is_empty());
}
