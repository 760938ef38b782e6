//! A channel's region carried through the buses above it: what two
//! translated ends alone cannot tell apart, and the size bound.

use policy_tests::fdt_builder::{node, Node};
use policy_tests::{dom0_tree, Dom0Tree};
use scmi_smc::dt::{DtProblem, MAX_CHANNEL_SIZE};

const SHM: u32 = 0x10;

/// A top level of `cells` address and size cells, with a bus `bus` below
/// it holding the one channel at `reg`, and the SCMI node referring to it.
fn tree(cells: u32, bus: Node, reg: &[u32]) -> Dom0Tree {
    let channel = node("shm")
        .str("compatible", "arm,scmi-shmem")
        .phandle(SHM)
        .cells("reg", reg);
    let blob = node("")
        .cells("#address-cells", &[cells])
        .cells("#size-cells", &[cells])
        .child(bus.child(channel))
        .child(
            node("scmi")
                .str("compatible", "arm,scmi-smc")
                .cells("arm,smc-id", &[0x8200_0002])
                .cells("shmem", &[SHM]),
        )
        .build();
    dom0_tree(&blob, false)
}

/// A bus of `cells` address and size cells with `ranges`.
fn bus(cells: u32, ranges: &[u32]) -> Node {
    node("bus")
        .cells("#address-cells", &[cells])
        .cells("#size-cells", &[cells])
        .cells("ranges", ranges)
}

fn granted(tree: &Dom0Tree, first_pfn: u64, last_pfn: u64) {
    assert_eq!(tree.problems, vec![]);
    assert_eq!(tree.grants, vec![(first_pfn, last_pfn)]);
}

fn refused(tree: &Dom0Tree, problem: DtProblem) {
    assert_eq!(tree.grants, vec![], "nothing granted");
    assert_eq!(tree.problems, vec![("/bus/shm".to_owned(), problem)]);
}

/// Bus addresses 0..0x3000 at CPU 2^64 - 0x1000: the window runs past the
/// top of the address space.
fn window_over_the_top() -> Node {
    bus(1, &[0x0, 0xffff_ffff, 0xffff_f000, 0x3000])
}

#[test]
fn a_region_whose_both_ends_wrap_past_2_64_is_refused() {
    // Both ends come out at 0x0 and 0xfff: as far apart as on the bus.
    let tree = tree(2, window_over_the_top(), &[0x1000, 0x1000]);
    refused(&tree, DtProblem::Wraps);
}

#[test]
fn a_region_whose_end_alone_wraps_is_refused() {
    let tree = tree(2, window_over_the_top(), &[0x800, 0x1000]);
    let addr = 0xffff_ffff_ffff_f800;
    refused(&tree, DtProblem::Overflow { addr, size: 0x1000 });
}

#[test]
fn a_region_just_below_the_top_is_granted() {
    let tree = tree(2, window_over_the_top(), &[0x0, 0x1000]);
    granted(&tree, 0xf_ffff_ffff_ffff, 0xf_ffff_ffff_ffff);
}

#[test]
fn a_wide_address_through_a_one_cell_parent_is_refused() {
    // Xen keeps the low 32 bits: 0x1_0000_1000 would come out at 0x1000.
    let wide = bus(2, &[]);
    let tree = tree(1, wide, &[0x1, 0x1000, 0x0, 0x1000]);
    refused(&tree, DtProblem::Truncated);
}

#[test]
fn a_window_past_4_gib_in_a_one_cell_parent_is_refused() {
    // Bus 0x1000.. maps to 0x1_0000_0000, which one cell cannot hold.
    let high = bus(1, &[0x0, 0xffff_f000, 0x3000]);
    let tree = tree(1, high, &[0x1000, 0x1000]);
    refused(&tree, DtProblem::Truncated);
}

#[test]
fn a_wide_bus_below_4_gib_in_a_one_cell_parent_is_granted() {
    let tree = tree(1, bus(2, &[]), &[0x0, 0xffff_f000, 0x0, 0x1000]);
    granted(&tree, 0xf_ffff, 0xf_ffff);
}

/// Two windows mapping with the same offset (bus + 0x1000_0000), with a
/// gap of a page between them on the bus: 0x0..0x1000 and 0x2000..0x3000.
fn gapped() -> Node {
    bus(1, &[0x0, 0x1000_0000, 0x1000, 0x2000, 0x1000_2000, 0x1000])
}

#[test]
fn a_region_across_a_gap_between_windows_of_one_offset_is_refused() {
    // Its ends translate 0x2000 apart, as on the bus; the page between is
    // mapped by neither window.
    let tree = tree(1, gapped(), &[0x800, 0x2000]);
    refused(&tree, DtProblem::PastWindow);
}

#[test]
fn a_region_inside_the_second_of_two_gapped_windows_is_granted() {
    let tree = tree(1, gapped(), &[0x2000, 0x1000]);
    granted(&tree, 0x1_0002, 0x1_0002);
}

#[test]
fn a_channel_larger_than_the_bound_is_refused() {
    let size = MAX_CHANNEL_SIZE + 1;
    let flat = bus(1, &[]);
    let tree = tree(1, flat, &[0x8000_0000, size as u32]);
    refused(&tree, DtProblem::TooLarge { size });
}

#[test]
fn a_channel_of_the_bound_is_granted() {
    let size = MAX_CHANNEL_SIZE;
    let tree = tree(1, bus(1, &[]), &[0x8000_0000, size as u32]);
    let last = (0x8000_0000 + size - 1) >> 12;
    granted(&tree, 0x8_0000, last);
}
