//! In passthrough, the nodes the hardware domain keeps that refer to the
//! SCMI node it loses: each is reported once, with the lists that do.

use policy_tests::dom0_tree;
use policy_tests::fdt_builder::{node, Node};
use scmi_smc::dt::{scmi_uses, DeviceTree, ScmiUses};

const SHM: u32 = 0x10;
const SCMI: u32 = 0x20;
const CLK: u32 = 0x21;
const PD: u32 = 0x22;
const SENSOR: u32 = 0x23;
const CRU: u32 = 0x30;

/// RK3588's shape: the clock protocol node is the provider most devices
/// name, a board clock controller (`cru`) the others; also a power
/// domain and a sensor protocol, as i.MX8ULP has.
fn board(devices: Vec<Node>) -> Node {
    let mut root = node("")
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .child(
            node("shmem@10f000")
                .str("compatible", "arm,scmi-shmem")
                .cells("reg", &[0, 0x10_f000, 0, 0x100])
                .phandle(SHM),
        )
        .child(
            node("firmware").child(
                node("scmi")
                    .str("compatible", "arm,scmi-smc")
                    .cells("arm,smc-id", &[0x8200_0010])
                    .cells("shmem", &[SHM])
                    .cells("#address-cells", &[1])
                    .cells("#size-cells", &[0])
                    .phandle(SCMI)
                    .child(
                        node("protocol@11")
                            .cells("reg", &[0x11])
                            .cells("#power-domain-cells", &[1])
                            .phandle(PD),
                    )
                    .child(
                        node("protocol@14")
                            .cells("reg", &[0x14])
                            .cells("#clock-cells", &[1])
                            .phandle(CLK),
                    )
                    .child(
                        node("protocol@15")
                            .cells("reg", &[0x15])
                            .cells("#thermal-sensor-cells", &[1])
                            .phandle(SENSOR),
                    ),
            ),
        )
        .child(
            node("clock-controller@fd7c0000")
                .cells("reg", &[0, 0xfd7c_0000, 0, 0x5c000])
                .cells("#clock-cells", &[1])
                .cells("#reset-cells", &[1])
                .phandle(CRU),
        );
    for device in devices {
        root = root.child(device);
    }
    root
}

fn gpu() -> Node {
    node("gpu@fb000000")
        .cells("reg", &[0, 0xfb00_0000, 0, 0x200000])
        .cells("clocks", &[CRU, 5, CLK, 2, CRU, 7])
        .cells("resets", &[CRU, 3])
}

fn uses(devices: Vec<Node>) -> Vec<(String, Vec<String>)> {
    let tree = dom0_tree(&board(devices).build(), false);
    assert_eq!(tree.problems, vec![]);
    tree.uses
}

fn one(path: &str, props: &[&str]) -> Vec<(String, Vec<String>)> {
    let props = props.iter().map(|p| p.to_string()).collect();
    vec![(path.to_string(), props)]
}

#[test]
fn a_device_with_an_scmi_clock_is_reported() {
    assert_eq!(uses(vec![gpu()]), one("/gpu@fb000000", &["clocks"]));
}

#[test]
fn an_owning_hardware_domain_keeps_scmi_and_hears_nothing() {
    let tree = dom0_tree(&board(vec![gpu()]).build(), true);
    assert_eq!(tree.uses, vec![]);
}

#[test]
fn arguments_that_look_like_the_scmi_phandle_are_not_references() {
    // The clock controller's arguments equal the SCMI nodes' phandles.
    let device = node("mmc@fe2c0000").cells("clocks", &[CRU, CLK, CRU, PD, CRU, SCMI]);
    assert_eq!(uses(vec![device]), vec![]);
}

#[test]
fn every_list_is_read_and_named() {
    let device = node("usb@29900000")
        .cells("clocks", &[CRU, 1])
        .cells("assigned-clocks", &[CLK, 4])
        .cells("assigned-clock-parents", &[0, CLK, 3])
        .cells("power-domains", &[PD, 7])
        .cells("resets", &[CRU, 1]);
    let zone =
        node("thermal-zones").child(node("cpu-thermal").cells("thermal-sensors", &[SENSOR, 0]));
    let mut got = uses(vec![device, zone]);
    got.sort();
    assert_eq!(
        got,
        vec![
            (
                "/thermal-zones/cpu-thermal".to_string(),
                vec!["thermal-sensors".to_string()]
            ),
            (
                "/usb@29900000".to_string(),
                ["assigned-clocks", "assigned-clock-parents", "power-domains"]
                    .map(String::from)
                    .to_vec()
            ),
        ]
    );
}

#[test]
fn the_scmi_node_itself_is_a_provider_too() {
    let device = node("dsp").cells("power-domains", &[SCMI]);
    assert_eq!(uses(vec![device]), one("/dsp", &["power-domains"]));
}

#[test]
fn disabled_devices_and_malformed_lists_are_not_reported() {
    let off = gpu().str("status", "disabled");
    // A dangling phandle, a provider without its cell count, a list cut
    // short: each ends its list before the SCMI phandle.
    let dangling = node("a").cells("clocks", &[0x99, CLK, 1]);
    let no_cells = node("b").cells("resets", &[SHM, 1, PD, 1]);
    let short = node("c").cells("clocks", &[CRU]);
    assert_eq!(uses(vec![off, dangling, no_cells, short]), vec![]);
}

#[test]
fn a_disabled_scmi_node_is_not_lost_so_not_reported() {
    let blob = node("")
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .child(
            node("scmi")
                .str("compatible", "arm,scmi-smc")
                .str("status", "disabled")
                .cells("#clock-cells", &[1])
                .phandle(SCMI),
        )
        .child(node("gpu").cells("clocks", &[SCMI, 1]))
        .build();
    assert_eq!(dom0_tree(&blob, false).uses, vec![]);
}

#[test]
fn the_names_are_joined_and_cut_at_a_whole_name() {
    let blob = board(vec![node("x")
        .cells("clocks", &[CLK, 1])
        .cells("resets", &[CRU, 1])
        .cells("power-domains", &[PD, 1])])
    .build();
    let fdt = fdt_reader::Fdt::new(&blob).unwrap();
    let x = fdt.root().and_then(|r| {
        let mut c = fdt.first_child(r);
        while let Some(n) = c {
            if fdt.name(n) == b"x" {
                return Some(n);
            }
            c = fdt.next_sibling(n);
        }
        None
    });
    let found: ScmiUses = scmi_uses(&fdt, x.unwrap());
    let mut buf = [0xffu8; 64];
    assert_eq!(found.write_names(&mut buf), c"clocks, power-domains");
    let mut small = [0xffu8; 20];
    assert_eq!(found.write_names(&mut small), c"clocks");
    assert_eq!(found.write_names(&mut []), c"");
    assert_eq!(ScmiUses::default().write_names(&mut buf), c"");
}
