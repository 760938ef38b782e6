//! The hardware domain's device tree under passthrough, over real blobs.

use policy_tests::dom0_tree;
use policy_tests::fdt_builder::{node, Node};
use scmi_smc::dt::{DtProblem, MAX_SCMI_CHILDREN};

const SHM0: u32 = 0x10;
const SHM1: u32 = 0x11;
const SHM2: u32 = 0x12;
const NOT_SHM: u32 = 0x20;

fn shmem(name: &str, phandle: u32, reg: &[u32]) -> Node {
    node(name)
        .str("compatible", "arm,scmi-shmem")
        .phandle(phandle)
        .cells("reg", reg)
}

fn scmi(name: &str) -> Node {
    node(name)
        .str("compatible", "arm,scmi-smc")
        .cells("arm,smc-id", &[0x8200_0002])
        .cells("#address-cells", &[1])
        .cells("#size-cells", &[0])
}

fn root() -> Node {
    node("")
        .str("compatible", "linux,dummy-virt")
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .child(node("chosen").str("bootargs", "console=hvc0"))
        .child(
            node("memory@40000000")
                .str("device_type", "memory")
                .cells("reg", &[0, 0x4000_0000, 0, 0x4000_0000]),
        )
}

/// A full platform: two channels on the SCMI node, one on a protocol node,
/// a protocol node without its own channel.
fn platform() -> Node {
    root()
        .child(
            node("sram@22000000")
                .str("compatible", "mmio-sram")
                .cells("#address-cells", &[1])
                .cells("#size-cells", &[1])
                .cells("reg", &[0, 0x2200_0000, 0, 0x10000])
                .cells("ranges", &[0, 0, 0x2200_0000, 0x10000])
                .child(shmem("scmi-shmem@0", SHM0, &[0x0, 0x1000]))
                .child(shmem("scmi-shmem@1000", SHM1, &[0x1000, 0x1000]))
                .child(shmem("scmi-shmem@2000", SHM2, &[0x2000, 0x80])),
        )
        .child(
            node("firmware").child(
                scmi("scmi")
                    .cells("shmem", &[SHM0, SHM1])
                    .child(
                        node("protocol@14")
                            .cells("reg", &[0x14])
                            .cells("#clock-cells", &[1]),
                    )
                    .child(
                        node("protocol@16")
                            .cells("reg", &[0x16])
                            .cells("shmem", &[SHM2]),
                    ),
            ),
        )
        .child(
            node("uart@9000000")
                .str("compatible", "arm,pl011")
                .cells("reg", &[0, 0x900_0000, 0, 0x1000]),
        )
}

#[test]
fn non_owner_loses_scmi_nodes_and_gets_every_channel() {
    let tree = dom0_tree(&platform().build(), false);
    assert_eq!(tree.problems, vec![]);
    assert_eq!(
        tree.grants,
        vec![(0x22000, 0x22000), (0x22001, 0x22001), (0x22002, 0x22002)]
    );
    assert!(!tree.keeps("/firmware/scmi"));
    assert!(!tree.keeps("/firmware/scmi/protocol@14"));
    for shm in ["scmi-shmem@0", "scmi-shmem@1000", "scmi-shmem@2000"] {
        assert!(!tree.keeps(&format!("/sram@22000000/{shm}")), "{shm}");
    }
}

#[test]
fn unrelated_nodes_are_kept() {
    let tree = dom0_tree(&platform().build(), false);
    for path in [
        "/",
        "/chosen",
        "/memory@40000000",
        "/sram@22000000",
        "/firmware",
        "/uart@9000000",
    ] {
        assert!(tree.keeps(path), "{path} kept");
    }
}

#[test]
fn an_owning_hardware_domain_keeps_everything() {
    let blob = platform().build();
    let tree = dom0_tree(&blob, true);
    assert_eq!(tree.grants, vec![]);
    assert_eq!(tree.problems, vec![]);
    assert_eq!(tree.kept.len(), 12, "{:?}", tree.kept);
    assert!(tree.keeps("/firmware/scmi/protocol@16"));
    assert!(tree.keeps("/sram@22000000/scmi-shmem@2000"));
}

#[test]
fn the_scmi_node_is_found_by_compatible_at_any_path() {
    let blob = root()
        .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
        .child(
            node("soc").child(node("scmi-firmware").child(scmi("agent").cells("shmem", &[SHM0]))),
        )
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(tree.grants, vec![(0x80000, 0x80000)]);
    assert!(tree.keeps("/soc/scmi-firmware"));
    assert!(!tree.keeps("/soc/scmi-firmware/agent"));
    assert!(!tree.keeps("/shm@80000000"));
}

#[test]
fn a_node_with_several_compatibles_is_matched() {
    let blob = root()
        .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
        .child(
            node("scmi")
                .strs("compatible", &["vendor,scmi", "arm,scmi-smc"])
                .cells("shmem", &[SHM0]),
        )
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(tree.grants, vec![(0x80000, 0x80000)]);
    assert!(!tree.keeps("/scmi"));
}

#[test]
fn missing_shmem_is_reported_and_the_node_still_skipped() {
    let blob = root().child(scmi("scmi")).build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(
        tree.problems,
        vec![("/scmi".into(), DtProblem::MissingShmem)]
    );
    assert_eq!(tree.grants, vec![]);
    assert!(!tree.keeps("/scmi"));
}

#[test]
fn a_protocol_node_without_shmem_is_fine() {
    let blob = root()
        .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
        .child(
            scmi("scmi")
                .cells("shmem", &[SHM0])
                .child(node("protocol@14")),
        )
        .build();
    assert_eq!(dom0_tree(&blob, false).problems, vec![]);
}

#[test]
fn bad_shmem_lengths_are_reported() {
    for (bytes, len) in [
        (&[][..], 0usize),
        (&[0, 0, 0x10][..], 3),
        (&[0, 0, 0, 0x10, 0][..], 5),
    ] {
        let blob = root()
            .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
            .child(scmi("scmi").bytes("shmem", bytes))
            .build();
        let tree = dom0_tree(&blob, false);
        assert_eq!(
            tree.problems,
            vec![("/scmi".into(), DtProblem::BadShmemLength { len })]
        );
        assert_eq!(tree.grants, vec![]);
    }
}

#[test]
fn a_bad_list_on_a_protocol_node_spares_the_others() {
    let blob = root()
        .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
        .child(
            scmi("scmi")
                .cells("shmem", &[SHM0])
                .child(node("protocol@13").empty("shmem")),
        )
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(tree.grants, vec![(0x80000, 0x80000)]);
    assert_eq!(
        tree.problems,
        vec![(
            "/scmi/protocol@13".into(),
            DtProblem::BadShmemLength { len: 0 }
        )]
    );
}

#[test]
fn a_dangling_phandle_is_reported_and_good_ones_still_granted() {
    let blob = root()
        .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
        .child(scmi("scmi").cells("shmem", &[0x99, SHM0]))
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(
        tree.problems,
        vec![("/scmi".into(), DtProblem::DanglingPhandle { phandle: 0x99 })]
    );
    assert_eq!(tree.grants, vec![(0x80000, 0x80000)]);
}

#[test]
fn phandles_zero_and_all_ones_never_resolve() {
    // Even with nodes carrying those values: they are not valid phandles.
    let blob = root()
        .child(shmem("shm@80000000", 0, &[0, 0x8000_0000, 0, 0x1000]))
        .child(shmem(
            "shm@90000000",
            u32::MAX,
            &[0, 0x9000_0000, 0, 0x1000],
        ))
        .child(scmi("scmi").cells("shmem", &[0, u32::MAX]))
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(
        tree.problems,
        vec![
            ("/scmi".into(), DtProblem::DanglingPhandle { phandle: 0 }),
            (
                "/scmi".into(),
                DtProblem::DanglingPhandle { phandle: u32::MAX }
            ),
        ]
    );
    assert_eq!(tree.grants, vec![]);
}

#[test]
fn a_phandle_to_a_non_shmem_node_is_reported_and_that_node_kept() {
    let blob = root()
        .child(
            node("gpio@a000000")
                .str("compatible", "arm,pl061")
                .phandle(NOT_SHM)
                .cells("reg", &[0, 0xa00_0000, 0, 0x1000]),
        )
        .child(scmi("scmi").cells("shmem", &[NOT_SHM]))
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(
        tree.problems,
        vec![(
            "/gpio@a000000".into(),
            DtProblem::NotShmem { phandle: NOT_SHM }
        )]
    );
    assert_eq!(tree.grants, vec![]);
    assert!(tree.keeps("/gpio@a000000"));
}

#[test]
fn linux_phandle_is_followed_too() {
    let blob = root()
        .child(
            node("shm@80000000")
                .str("compatible", "arm,scmi-shmem")
                .cells("linux,phandle", &[SHM0])
                .cells("reg", &[0, 0x8000_0000, 0, 0x1000]),
        )
        .child(scmi("scmi").cells("shmem", &[SHM0]))
        .build();
    assert_eq!(dom0_tree(&blob, false).grants, vec![(0x80000, 0x80000)]);
}

fn one_channel(reg: Option<&[u32]>) -> policy_tests::Dom0Tree {
    let mut shm = node("shm")
        .str("compatible", "arm,scmi-shmem")
        .phandle(SHM0);
    if let Some(reg) = reg {
        shm = shm.cells("reg", reg);
    }
    dom0_tree(
        &root()
            .child(shm)
            .child(scmi("scmi").cells("shmem", &[SHM0]))
            .build(),
        false,
    )
}

#[test]
fn missing_reg_is_reported() {
    let tree = one_channel(None);
    assert_eq!(tree.problems, vec![("/shm".into(), DtProblem::BadReg)]);
    assert_eq!(tree.grants, vec![]);
}

#[test]
fn truncated_reg_is_reported() {
    for reg in [&[][..], &[0], &[0, 0x8000_0000], &[0, 0x8000_0000, 0]] {
        let tree = one_channel(Some(reg));
        assert_eq!(
            tree.problems,
            vec![("/shm".into(), DtProblem::BadReg)],
            "{reg:?}"
        );
    }
}

#[test]
fn zero_size_is_reported() {
    let tree = one_channel(Some(&[0, 0x8000_0000, 0, 0]));
    assert_eq!(
        tree.problems,
        vec![("/shm".into(), DtProblem::ZeroSize { addr: 0x8000_0000 })]
    );
    assert_eq!(tree.grants, vec![]);
}

#[test]
fn address_plus_size_overflow_is_reported() {
    let tree = one_channel(Some(&[0xffff_ffff, 0xffff_f000, 0, 0x2000]));
    assert_eq!(
        tree.problems,
        vec![(
            "/shm".into(),
            DtProblem::Overflow {
                addr: 0xffff_ffff_ffff_f000,
                size: 0x2000
            }
        )]
    );
    assert_eq!(tree.grants, vec![]);
}

#[test]
fn a_channel_ending_at_the_top_of_the_address_space_is_fine() {
    let tree = one_channel(Some(&[0xffff_ffff, 0xffff_f000, 0, 0x1000]));
    assert_eq!(tree.problems, vec![]);
    assert_eq!(tree.grants, vec![(0xf_ffff_ffff_ffff, 0xf_ffff_ffff_ffff)]);
}

#[test]
fn an_unaligned_channel_grants_every_page_it_touches() {
    let tree = one_channel(Some(&[0, 0x8000_0ff0, 0, 0x20]));
    assert_eq!(tree.grants, vec![(0x80000, 0x80001)]);
    let tree = one_channel(Some(&[0, 0x8000_0000, 0, 0x1001]));
    assert_eq!(tree.grants, vec![(0x80000, 0x80001)]);
}

/// dom0's view of a tree with one channel, `name` at `reg`, on a bus
/// "soc" of one address and one size cell whose "ranges" is `ranges`
/// (`None`: the bus has none).
fn on_soc(ranges: Option<&[u32]>, name: &str, reg: &[u32]) -> policy_tests::Dom0Tree {
    let mut soc = node("soc")
        .cells("#address-cells", &[1])
        .cells("#size-cells", &[1]);
    if let Some(ranges) = ranges {
        soc = soc.cells("ranges", ranges);
    }
    let blob = root()
        .child(soc.child(shmem(name, SHM0, reg)))
        .child(scmi("scmi").cells("shmem", &[SHM0]))
        .build();
    dom0_tree(&blob, false)
}

#[test]
fn channels_behind_a_bus_are_translated() {
    let ranges = [
        0x0,
        0x0,
        0x1000_0000,
        0x100_0000,
        0x4000_0000,
        0x1,
        0x0,
        0x1000_0000,
    ];
    let tree = on_soc(Some(&ranges), "shm@4000100", &[0x4000_1000, 0x1000]);
    assert_eq!(tree.problems, vec![]);
    assert_eq!(tree.grants, vec![(0x10_0001, 0x10_0001)]);
}

#[test]
fn a_channel_on_a_bus_without_ranges_is_untranslatable() {
    let tree = on_soc(None, "shm@1000", &[0x1000, 0x1000]);
    assert_eq!(
        tree.problems,
        vec![("/soc/shm@1000".into(), DtProblem::BadReg)]
    );
}

#[test]
fn a_channel_outside_every_range_is_untranslatable() {
    let ranges = [0x0, 0x0, 0x1000_0000, 0x1000];
    let tree = on_soc(Some(&ranges), "shm@2000", &[0x2000, 0x1000]);
    assert_eq!(
        tree.problems,
        vec![("/soc/shm@2000".into(), DtProblem::BadReg)]
    );
}

#[test]
fn the_child_walk_is_bounded() {
    let mut node_ = scmi("scmi").cells("shmem", &[SHM0]);
    for i in 0..MAX_SCMI_CHILDREN + 6 {
        node_ = node_.child(node(&format!("protocol@{i:x}")).cells("shmem", &[SHM0]));
    }
    let blob = root()
        .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
        .child(node_)
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(tree.grants.len(), 1 + MAX_SCMI_CHILDREN);
    assert_eq!(
        tree.problems,
        vec![(
            "/scmi".into(),
            DtProblem::TooManyChildren {
                limit: MAX_SCMI_CHILDREN
            }
        )]
    );
}

#[test]
fn every_scmi_node_is_handled() {
    let blob = root()
        .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
        .child(shmem("shm@90000000", SHM1, &[0, 0x9000_0000, 0, 0x1000]))
        .child(scmi("scmi-a").cells("shmem", &[SHM0]))
        .child(scmi("scmi-b").cells("shmem", &[SHM1]))
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(tree.grants, vec![(0x80000, 0x80000), (0x90000, 0x90000)]);
}

#[test]
fn compatibles_are_matched_without_regard_to_case() {
    // As Xen's dt_device_is_compatible() does (strcasecmp).
    let blob = root()
        .child(
            node("shm@80000000")
                .str("compatible", "ARM,SCMI-Shmem")
                .phandle(SHM0)
                .cells("reg", &[0, 0x8000_0000, 0, 0x1000]),
        )
        .child(
            node("scmi")
                .str("compatible", "Arm,Scmi-Smc")
                .cells("shmem", &[SHM0]),
        )
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(tree.grants, vec![(0x80000, 0x80000)]);
    assert!(!tree.keeps("/scmi") && !tree.keeps("/shm@80000000"));
}

/// A bus mapping its addresses 0x0..0x1000 to 0x1000_0000 and
/// 0x1000..0x2000 to 0x3000_0000, with one channel at `reg`.
fn behind_two_windows(reg: &[u32]) -> policy_tests::Dom0Tree {
    let ranges = [
        0x0,
        0x0,
        0x1000_0000,
        0x1000,
        0x1000,
        0x0,
        0x3000_0000,
        0x1000,
    ];
    on_soc(Some(&ranges), "shm", reg)
}

#[test]
fn a_channel_running_past_its_bus_window_is_refused() {
    // Starts in the second window and ends 0x800 bytes past it: only the
    // start was translated, so 0x30001 was granted.
    let tree = behind_two_windows(&[0x1800, 0x1000]);
    assert_eq!(tree.grants, vec![]);
    assert_eq!(
        tree.problems,
        vec![("/soc/shm".into(), DtProblem::PastWindow)]
    );
}

#[test]
fn a_channel_straddling_two_windows_is_refused() {
    // Its two ends translate to 0x1000_0800 and 0x3000_07ff.
    let tree = behind_two_windows(&[0x800, 0x1000]);
    assert_eq!(tree.grants, vec![]);
    assert_eq!(
        tree.problems,
        vec![("/soc/shm".into(), DtProblem::PastWindow)]
    );
}

#[test]
fn a_channel_filling_a_window_exactly_is_fine() {
    let tree = behind_two_windows(&[0x1000, 0x1000]);
    assert_eq!(tree.problems, vec![]);
    assert_eq!(tree.grants, vec![(0x30000, 0x30000)]);
}

#[test]
fn a_window_of_an_outer_bus_bounds_the_channel_too() {
    // The inner bus maps 1:1 and generously; the outer one has 0x1000 bytes.
    let blob = root()
        .child(
            node("outer")
                .cells("#address-cells", &[1])
                .cells("#size-cells", &[1])
                .cells("ranges", &[0x0, 0x0, 0x1000_0000, 0x1000])
                .child(
                    node("inner")
                        .cells("#address-cells", &[1])
                        .cells("#size-cells", &[1])
                        .cells("ranges", &[0x0, 0x0, 0x10_0000])
                        .child(shmem("shm@800", SHM0, &[0x800, 0x1000])),
                ),
        )
        .child(scmi("scmi").cells("shmem", &[SHM0]))
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(tree.grants, vec![]);
    assert_eq!(
        tree.problems,
        vec![("/outer/inner/shm@800".into(), DtProblem::PastWindow)]
    );
}

// ---- Only what the mediator handles ----

/// An SMC transport next to a mailbox one and an OP-TEE one, each with its
/// own channel (a host may describe several SCMI agents).
fn three_transports() -> Node {
    root()
        .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
        .child(shmem("shm@80001000", SHM1, &[0, 0x8000_1000, 0, 0x1000]))
        .child(shmem("shm@80002000", SHM2, &[0, 0x8000_2000, 0, 0x1000]))
        .child(
            node("firmware")
                .child(scmi("scmi-smc").cells("shmem", &[SHM0]))
                .child(
                    node("scmi-mbox")
                        .str("compatible", "arm,scmi")
                        .cells("mboxes", &[0x30, 0])
                        .cells("shmem", &[SHM1]),
                )
                .child(
                    node("scmi-optee")
                        .str("compatible", "linaro,scmi-optee")
                        .cells("linaro,optee-channel-id", &[0])
                        .cells("#address-cells", &[1])
                        .cells("#size-cells", &[0])
                        .child(
                            node("protocol@14")
                                .cells("reg", &[0x14])
                                .cells("linaro,optee-channel-id", &[1])
                                .cells("shmem", &[SHM2]),
                        ),
                ),
        )
}

#[test]
fn channels_of_other_scmi_transports_stay_with_dom0() {
    let tree = dom0_tree(&three_transports().build(), false);
    assert_eq!(tree.grants, vec![(0x80000, 0x80000)]);
    assert!(!tree.keeps("/firmware/scmi-smc"));
    assert!(!tree.keeps("/shm@80000000"));
    for path in [
        "/firmware/scmi-mbox",
        "/firmware/scmi-optee/protocol@14",
        "/shm@80001000",
        "/shm@80002000",
    ] {
        assert!(tree.keeps(path), "{path} kept");
    }
    assert_eq!(tree.problems, vec![]);
}

#[test]
fn a_channel_no_scmi_smc_node_refers_to_is_kept() {
    let blob = root()
        .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
        .child(shmem("shm@90000000", SHM1, &[0, 0x9000_0000, 0, 0x1000]))
        .child(scmi("scmi").cells("shmem", &[SHM0]))
        .build();
    let tree = dom0_tree(&blob, false);
    assert!(!tree.keeps("/shm@80000000"));
    assert!(tree.keeps("/shm@90000000"));
    // A tree without any SCMI-over-SMC node keeps all its channels.
    let blob = root()
        .child(shmem("shm@90000000", SHM1, &[0, 0x9000_0000, 0, 0x1000]))
        .build();
    assert!(dom0_tree(&blob, false).keeps("/shm@90000000"));
}

#[test]
fn a_disabled_scmi_node_is_an_ordinary_node() {
    for status in ["disabled", "fail", "reserved", ""] {
        let blob = root()
            .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
            .child(
                scmi("scmi")
                    .str("status", status)
                    .cells("shmem", &[SHM0])
                    .child(node("protocol@14").cells("reg", &[0x14])),
            )
            .build();
        let tree = dom0_tree(&blob, false);
        assert_eq!(tree.grants, vec![], "status {status:?}");
        assert_eq!(tree.problems, vec![], "status {status:?}");
        for path in ["/scmi", "/scmi/protocol@14", "/shm@80000000"] {
            assert!(tree.keeps(path), "{path} kept with status {status:?}");
        }
    }
}

#[test]
fn an_okay_scmi_node_is_handled() {
    for status in ["okay", "ok"] {
        let blob = root()
            .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
            .child(scmi("scmi").str("status", status).cells("shmem", &[SHM0]))
            .build();
        let tree = dom0_tree(&blob, false);
        assert_eq!(tree.grants, vec![(0x80000, 0x80000)], "status {status:?}");
        assert!(!tree.keeps("/scmi") && !tree.keeps("/shm@80000000"));
    }
}

#[test]
fn only_the_enabled_one_of_two_scmi_nodes_is_handled() {
    let blob = root()
        .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
        .child(shmem("shm@90000000", SHM1, &[0, 0x9000_0000, 0, 0x1000]))
        .child(
            scmi("scmi-old")
                .str("status", "disabled")
                .cells("shmem", &[SHM0]),
        )
        .child(scmi("scmi").cells("shmem", &[SHM1]))
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(tree.grants, vec![(0x90000, 0x90000)]);
    assert!(tree.keeps("/scmi-old") && tree.keeps("/shm@80000000"));
    assert!(!tree.keeps("/scmi") && !tree.keeps("/shm@90000000"));
}

#[test]
fn a_disabled_protocol_node_and_its_channel_count_as_absent() {
    let blob = root()
        .child(shmem("shm@80000000", SHM0, &[0, 0x8000_0000, 0, 0x1000]))
        .child(shmem("shm@90000000", SHM1, &[0, 0x9000_0000, 0, 0x1000]))
        .child(
            scmi("scmi").cells("shmem", &[SHM0]).child(
                node("protocol@14")
                    .cells("reg", &[0x14])
                    .str("status", "disabled")
                    .cells("shmem", &[SHM1]),
            ),
        )
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(tree.grants, vec![(0x80000, 0x80000)]);
    assert!(tree.keeps("/shm@90000000"), "not a handled channel");
    assert!(!tree.keeps("/shm@80000000"));
}
