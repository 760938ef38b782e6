//! The corpus check over small trees made here: each shape the real
//! boards have, and the ways a tree can go wrong, must leave the policy
//! and the independent reading in agreement, and the table must say what
//! the tree holds.

use super::boards::{examine, Report};
use super::reading::is_sip_fast_call;
use policy_tests::fdt_builder::{node, Node};

/// A root with 2/2 cells, an SCMI node naming phandle 1, and `extra`.
fn board(smc_id: u32, scmi_status: Option<&str>, extra: Vec<Node>) -> Vec<u8> {
    let mut scmi = node("scmi")
        .strs("compatible", &["arm,scmi-smc"])
        .cells("arm,smc-id", &[smc_id])
        .cells("shmem", &[1])
        .cells("#address-cells", &[1])
        .cells("#size-cells", &[0])
        .child(
            node("protocol@14")
                .cells("reg", &[0x14])
                .cells("#clock-cells", &[2])
                .phandle(2),
        );
    if let Some(status) = scmi_status {
        scmi = scmi.str("status", status);
    }
    let mut root = node("")
        .str("model", "Test board")
        .strs("compatible", &["vendor,board", "rockchip,rk3568"])
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .child(node("firmware").child(scmi));
    for child in extra {
        root = root.child(child);
    }
    root.build()
}

/// An `mmio-sram` at `base` whose window is `window` bytes, holding the
/// channel at offset 0 with `size` bytes (the RK356x shape).
fn sram(base: u32, window: u32, size: u32) -> Node {
    node(&format!("sram@{base:x}"))
        .strs("compatible", &["mmio-sram"])
        .cells("reg", &[0, base, 0, window])
        .cells("#address-cells", &[1])
        .cells("#size-cells", &[1])
        .cells("ranges", &[0, 0, base, window])
        .child(
            node("sram@0")
                .strs("compatible", &["arm,scmi-shmem"])
                .cells("reg", &[0, size])
                .phandle(1),
        )
}

fn agreed(blob: &[u8]) -> Report {
    let report = examine("test.dtb", blob);
    assert!(report.mismatches.is_empty(), "{:?}", report.mismatches);
    report
}

#[test]
fn a_channel_in_an_sram_window_is_granted_at_its_cpu_address() {
    let report = agreed(&board(
        0x8200_0010,
        None,
        vec![sram(0x10_f000, 0x100, 0x100)],
    ));
    let board = report.board.expect("an SCMI board");
    assert_eq!(board.smc_ids, ["`0x82000010`"]);
    assert_eq!(board.granted, [(0x10f, 0x10f)]);
    assert_eq!(board.channels[0].addr, 0x10_f000);
    assert_eq!(board.channels[0].placement, "mmio-sram `/sram@10f000`");
    assert_eq!(report.family, "Rockchip RK356x");
    // Passthrough: the SCMI node and its channel. Multi-agent: nothing,
    // as no "xen,sci" container names Xen's node.
    assert_eq!(report.counts, [[0; 5], [2, 1, 0, 0, 0], [0; 5]]);
}

#[test]
fn a_reserved_memory_channel_and_a_neighbour_in_its_page_are_shown() {
    let reserved = node("reserved-memory")
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .empty("ranges")
        .child(
            node("shmem@10f000")
                .strs("compatible", &["arm,scmi-shmem"])
                .cells("reg", &[0, 0x10_f000, 0, 0x100])
                .empty("no-map")
                .phandle(1),
        );
    let neighbour = node("timer@10f800").cells("reg", &[0, 0x10_f800, 0, 0x100]);
    let report = agreed(&board(0xc200_00fe, None, vec![reserved, neighbour]));
    let board = report.board.expect("an SCMI board");
    assert_eq!(board.smc_ids, ["`0xc20000fe` (SMC64)"]);
    assert_eq!(board.channels[0].placement, "/reserved-memory, no-map");
    assert_eq!(board.channels[0].shares, ["`/timer@10f800`"]);
    // The page holds the timer too: refused, said, left out all the same.
    assert_eq!(board.granted, []);
    assert_eq!(
        board.shared,
        [(
            "/reserved-memory/shmem@10f000".to_string(),
            "/timer@10f800".to_string(),
            0x10f
        )]
    );
    assert_eq!(report.counts[1], [2, 0, 0, 1, 0]);
}

#[test]
fn kept_nodes_naming_scmi_are_found_by_both() {
    // The SCMI node's protocol@14 gets phandle 2 and two clock cells; a
    // board clock controller, phandle 3, one.
    let with_clocks = |blob: Vec<Node>| {
        let mut extra = blob;
        extra.push(sram(0x10_f000, 0x100, 0x100));
        extra.push(node("cru").cells("#clock-cells", &[1]).phandle(3));
        extra
    };
    let gpu = node("gpu@fb000000").cells("clocks", &[3, 2, 3, 7]);
    let mmc = node("mmc@fe2c0000").cells("assigned-clocks", &[3, 1]);
    let report = agreed(&board(0x8200_0010, None, with_clocks(vec![gpu, mmc])));
    // Without the SCMI phandle nobody uses SCMI: cru's argument 2 is
    // not a phandle.
    assert_eq!(report.board.expect("an SCMI board").users, []);
    let gpu = node("gpu@fb000000").cells("clocks", &[3, 5, 2, 7, 9]);
    let off = node("npu")
        .cells("clocks", &[2, 1, 1])
        .str("status", "disabled");
    let report = agreed(&board(0x8200_0010, None, with_clocks(vec![gpu, off])));
    assert_eq!(
        report.board.expect("an SCMI board").users,
        [("/gpu@fb000000".to_string(), vec!["clocks".to_string()])]
    );
}

#[test]
fn a_channel_running_past_its_window_is_refused_by_both() {
    let report = agreed(&board(
        0x8200_0010,
        None,
        vec![sram(0x10_f000, 0x100, 0x200)],
    ));
    // Left out, not granted, one problem reported.
    assert_eq!(report.counts[1], [2, 0, 1, 0, 0]);
}

#[test]
fn a_disabled_node_or_a_refused_id_changes_nothing() {
    for blob in [
        board(
            0x8200_0010,
            Some("disabled"),
            vec![sram(0x10_f000, 0x100, 0x100)],
        ),
        board(0x8400_0010, None, vec![sram(0x10_f000, 0x100, 0x100)]),
    ] {
        let report = agreed(&blob);
        assert_eq!(report.counts, [[0; 5]; 3]);
    }
}

#[test]
fn dangling_and_wrong_phandles_are_problems_to_both() {
    let not_shmem = node("clock")
        .strs("compatible", &["fixed-clock"])
        .phandle(1);
    let report = agreed(&board(0x8200_0010, None, vec![not_shmem]));
    assert_eq!(report.counts[1], [1, 0, 1, 0, 0]);
    let report = agreed(&board(0x8200_0010, None, Vec::new()));
    assert_eq!(report.counts[1], [1, 0, 1, 0, 0]);
}

#[test]
fn sip_fast_calls_are_told_from_the_rest() {
    assert!(is_sip_fast_call(0x8200_0010));
    assert!(is_sip_fast_call(0xc200_00fe));
    assert!(!is_sip_fast_call(0x0200_0010), "yielding");
    assert!(!is_sip_fast_call(0x8400_0000), "standard service");
}
