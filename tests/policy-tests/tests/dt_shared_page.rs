//! A channel whose page holds something else, in passthrough: granting
//! the channel's pages would grant the rest too.

use policy_tests::fdt_builder::{node, Node};
use policy_tests::{dom0_tree, dom0_tree_shared};
use scmi_smc::dt::SharedPage;

const SHM: u32 = 0x10;

fn root() -> Node {
    node("")
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .child(
            node("memory@0")
                .str("device_type", "memory")
                .cells("reg", &[0, 0, 0, 0x1000_0000]),
        )
}

/// Amlogic C3's layout: a 256-byte channel in an `mmio-sram` of its own
/// at 0x7f50e00, inside the secure monitor's reserved memory, which the
/// hardware domain keeps.
fn c3() -> Node {
    root()
        .child(
            node("reserved-memory")
                .cells("#address-cells", &[2])
                .cells("#size-cells", &[2])
                .empty("ranges")
                .child(
                    node("secmon@7f00000")
                        .cells("reg", &[0, 0x7f0_0000, 0, 0x30_0000])
                        .empty("no-map"),
                ),
        )
        .child(
            node("sram@7f50e00")
                .str("compatible", "mmio-sram")
                .cells("reg", &[0, 0x7f5_0e00, 0, 0x100])
                .cells("#address-cells", &[1])
                .cells("#size-cells", &[1])
                .cells("ranges", &[0, 0, 0x7f5_0e00, 0x100])
                .child(
                    node("scmi-sram@0")
                        .str("compatible", "arm,scmi-shmem")
                        .cells("reg", &[0, 0x100])
                        .phandle(SHM),
                ),
        )
        .child(
            node("firmware").child(
                node("scmi")
                    .str("compatible", "arm,scmi-smc")
                    .cells("arm,smc-id", &[0x8200_00c1])
                    .cells("shmem", &[SHM]),
            ),
        )
}

const C3_CHANNEL: &str = "/sram@7f50e00/scmi-sram@0";
const SECMON: &str = "/reserved-memory/secmon@7f00000";

#[test]
fn a_channel_in_secure_monitor_memory_is_not_granted() {
    let tree = dom0_tree(&c3().build(), false);
    assert!(!tree.keeps(C3_CHANNEL));
    assert!(tree.keeps(SECMON));
    assert_eq!(tree.grants, vec![], "the page holds secure-monitor memory");
    assert_eq!(
        tree.shared,
        vec![(C3_CHANNEL.into(), SECMON.into(), 0x7f50, false)]
    );
    assert_eq!(tree.problems, vec![]);
}

#[test]
fn with_the_option_it_is_granted_and_said() {
    let tree = dom0_tree_shared(&c3().build(), false, SharedPage::Grant);
    assert_eq!(tree.grants, vec![(0x7f50, 0x7f50)]);
    assert_eq!(
        tree.shared,
        vec![(C3_CHANNEL.into(), SECMON.into(), 0x7f50, true)]
    );
    assert!(!tree.keeps(C3_CHANNEL));
}

#[test]
fn an_owning_hardware_domain_is_told_nothing() {
    let tree = dom0_tree(&c3().build(), true);
    assert_eq!((tree.grants, tree.shared), (vec![], vec![]));
}

fn scmi(shmem: &[u32]) -> Node {
    node("firmware").child(
        node("scmi")
            .str("compatible", "arm,scmi-smc")
            .cells("arm,smc-id", &[0x8200_0010])
            .cells("shmem", shmem),
    )
}

fn shmem(name: &str, phandle: u32, reg: &[u32]) -> Node {
    node(name)
        .str("compatible", "arm,scmi-shmem")
        .cells("reg", reg)
        .phandle(phandle)
}

/// RK356x: a 256-byte `mmio-sram` at 0x10f000 holding only the channel.
fn rk356x() -> Node {
    root()
        .child(
            node("sram@10f000")
                .str("compatible", "mmio-sram")
                .cells("reg", &[0, 0x10_f000, 0, 0x100])
                .cells("#address-cells", &[1])
                .cells("#size-cells", &[1])
                .cells("ranges", &[0, 0, 0x10_f000, 0x100])
                .child(shmem("sram@0", SHM, &[0, 0x100])),
        )
        .child(scmi(&[SHM]))
}

/// RK3588: a 256-byte `no-map` reserved-memory channel, in RAM.
fn rk3588(neighbour: Option<Node>) -> Node {
    let mut reserved = node("reserved-memory")
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .empty("ranges")
        .child(shmem("shmem@10f000", SHM, &[0, 0x10_f000, 0, 0x100]).empty("no-map"));
    if let Some(neighbour) = neighbour {
        reserved = reserved.child(neighbour);
    }
    root().child(reserved).child(scmi(&[SHM]))
}

#[test]
fn a_channel_smaller_than_a_page_alone_in_it_is_granted() {
    for tree in [rk356x(), rk3588(None)] {
        let tree = dom0_tree(&tree.build(), false);
        assert_eq!(tree.grants, vec![(0x10f, 0x10f)]);
        assert_eq!((tree.shared, tree.problems), (vec![], vec![]));
    }
}

#[test]
fn a_node_in_the_page_counts_and_one_in_the_next_does_not() {
    let near = |at: u32| node(&format!("buf@{at:x}")).cells("reg", &[0, at, 0, 0x100]);
    let tree = dom0_tree(&rk3588(Some(near(0x10_f800))).build(), false);
    assert_eq!(tree.grants, vec![]);
    assert_eq!(
        tree.shared,
        vec![(
            "/reserved-memory/shmem@10f000".into(),
            "/reserved-memory/buf@10f800".into(),
            0x10f,
            false
        )]
    );
    for clear in [0x11_0000, 0x10_ef00] {
        let tree = dom0_tree(&rk3588(Some(near(clear))).build(), false);
        assert_eq!(tree.grants, vec![(0x10f, 0x10f)], "{clear:#x}");
        assert_eq!(tree.shared, vec![], "{clear:#x}");
    }
    // A disabled node still has its registers in the page.
    let off = near(0x10_ff00).str("status", "disabled");
    assert_eq!(dom0_tree(&rk3588(Some(off)).build(), false).grants, vec![]);
}

#[test]
fn a_device_counts_where_its_bus_puts_it_and_ids_do_not() {
    let soc = node("soc")
        .cells("#address-cells", &[1])
        .cells("#size-cells", &[1])
        .cells("ranges", &[0, 0, 0x10_0000, 0x10_0000])
        .child(node("timer@f400").cells("reg", &[0xf400, 0x40]))
        .child(
            node("i2c@1000")
                .cells("reg", &[0x1000, 0x100])
                .cells("#address-cells", &[1])
                .cells("#size-cells", &[0])
                .child(node("eeprom@10f").cells("reg", &[0x10f])),
        );
    let blob = root()
        .child(shmem("shmem@10f000", SHM, &[0, 0x10_f000, 0, 0x100]))
        .child(soc)
        .child(scmi(&[SHM]))
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(
        tree.shared,
        vec![(
            "/shmem@10f000".into(),
            "/soc/timer@f400".into(),
            0x10f,
            false
        )]
    );
}

#[test]
fn channels_of_the_scmi_node_may_share_a_page() {
    let blob = root()
        .child(shmem("shmem@10f000", SHM, &[0, 0x10_f000, 0, 0x80]))
        .child(shmem("shmem@10f080", SHM + 1, &[0, 0x10_f080, 0, 0x80]))
        .child(scmi(&[SHM, SHM + 1]))
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(tree.grants, vec![(0x10f, 0x10f), (0x10f, 0x10f)]);
    assert_eq!(tree.shared, vec![]);
}

#[test]
fn the_first_shared_page_of_a_longer_channel_is_named() {
    let blob = root()
        .child(shmem("shmem@10f000", SHM, &[0, 0x10_f000, 0, 0x2000]))
        .child(node("buf@110800").cells("reg", &[0, 0x11_0800, 0, 0x4000]))
        .child(scmi(&[SHM]))
        .build();
    let tree = dom0_tree(&blob, false);
    assert_eq!(tree.grants, vec![]);
    assert_eq!(tree.shared[0].1, "/buf@110800");
    assert_eq!(tree.shared[0].2, 0x110);
}
