//! The FDT reader on good and bad blobs.

use fdt_reader::{Fdt, FdtError, MAX_DEPTH};
use policy_tests::fdt_builder::node;
use scmi_smc::dt::DeviceTree;

fn sample() -> Vec<u8> {
    node("")
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .child(
            node("a")
                .strs("compatible", &["x,one", "x,two"])
                .phandle(5)
                .child(node("a1")),
        )
        .child(node("b").cells("reg", &[0, 0x1000, 0, 0x20]))
        .child(node("c").cells("linux,phandle", &[6]))
        .build()
}

#[test]
fn walks_nodes_children_and_siblings() {
    let blob = sample();
    let fdt = Fdt::new(&blob).unwrap();
    let names: Vec<_> = fdt.nodes().map(|n| fdt.name(n).to_vec()).collect();
    assert_eq!(names, [&b""[..], b"a", b"a1", b"b", b"c"]);
    let root = fdt.root().unwrap();
    let a = fdt.first_child(root).unwrap();
    assert_eq!(fdt.name(fdt.first_child(a).unwrap()), b"a1");
    let b = fdt.next_sibling(a).unwrap();
    let c = fdt.next_sibling(b).unwrap();
    assert_eq!(fdt.name(c), b"c");
    assert_eq!(fdt.next_sibling(c), None);
    assert_eq!(fdt.first_child(b), None);
    assert_eq!(fdt.next_sibling(root), None);
}

#[test]
fn reads_properties_compatibles_and_phandles() {
    let blob = sample();
    let fdt = Fdt::new(&blob).unwrap();
    let a = fdt.node_by_phandle(5).unwrap();
    assert_eq!(fdt.name(a), b"a");
    assert!(fdt.is_compatible(a, c"x,one") && fdt.is_compatible(a, c"x,two"));
    assert!(!fdt.is_compatible(a, c"x,on") && !fdt.is_compatible(a, c""));
    assert_eq!(fdt.property(a, c"phandle"), Some(&[0, 0, 0, 5][..]));
    assert_eq!(fdt.property(a, c"nope"), None);
    assert_eq!(fdt.name(fdt.node_by_phandle(6).unwrap()), b"c");
    assert_eq!(fdt.node_by_phandle(7), None);
    assert_eq!(fdt.properties(a).count(), 2);
}

#[test]
fn reads_reg_with_the_parents_cells() {
    let blob = sample();
    let fdt = Fdt::new(&blob).unwrap();
    let b = fdt.nodes().find(|n| fdt.name(*n) == b"b").unwrap();
    assert_eq!(fdt.reg(b), Some((0x1000, 0x20)));
    assert_eq!(fdt.reg(fdt.root().unwrap()), None);
}

#[test]
fn cell_counts_are_inherited_and_defaulted() {
    // No #address-cells anywhere: 2 address cells, 1 size cell.
    let blob = node("")
        .child(node("d").cells("reg", &[0x1, 0x0, 0x40]))
        .build();
    let fdt = Fdt::new(&blob).unwrap();
    let d = fdt.first_child(fdt.root().unwrap()).unwrap();
    assert_eq!(fdt.reg(d), Some((0x1_0000_0000, 0x40)));
    // Three address cells: Xen keeps the low 64 bits (the policy refuses
    // such a channel, see dt_dom0).
    let blob = node("")
        .cells("#address-cells", &[3])
        .child(node("d").cells("reg", &[0, 0, 1, 1]))
        .build();
    let fdt = Fdt::new(&blob).unwrap();
    let d = fdt.first_child(fdt.root().unwrap()).unwrap();
    assert_eq!(fdt.reg(d), Some((1, 1)));
}

#[test]
fn refuses_bad_headers() {
    let blob = sample();
    assert_eq!(Fdt::new(&blob[..39]).unwrap_err(), FdtError::Truncated);
    assert_eq!(
        Fdt::new(&blob[..blob.len() - 1]).unwrap_err(),
        FdtError::Truncated
    );
    let mut bad = blob.clone();
    bad[0] = 0;
    assert_eq!(Fdt::new(&bad).unwrap_err(), FdtError::BadMagic);
    let mut old = blob.clone();
    old[20..24].copy_from_slice(&16u32.to_be_bytes());
    assert_eq!(Fdt::new(&old).unwrap_err(), FdtError::UnsupportedVersion);
    let mut overrun = blob.clone();
    overrun[36..40].copy_from_slice(&0xffff_0000u32.to_be_bytes());
    assert_eq!(Fdt::new(&overrun).unwrap_err(), FdtError::Truncated);
}

#[test]
fn garbage_in_the_structure_block_reads_as_absent() {
    let blob = sample();
    let off_struct = u32::from_be_bytes(blob[8..12].try_into().unwrap()) as usize;
    // Corrupt the first property token of node "a": every walk stops there
    // without panicking.
    for offset in (off_struct..blob.len()).step_by(4) {
        let mut bad = blob.clone();
        bad[offset..offset + 4].copy_from_slice(&0x77u32.to_be_bytes());
        if let Ok(fdt) = Fdt::new(&bad) {
            for n in fdt.nodes() {
                let _ = (fdt.first_child(n), fdt.next_sibling(n), fdt.reg(n));
                let _ = fdt.is_compatible(n, c"x,one");
            }
            let _ = fdt.node_by_phandle(5);
        }
    }
}

/// Found by the dt_shmem fuzz target: with all cell counts of a bus and its
/// parent at zero, a "ranges" entry had no length and the translation loop
/// never advanced.
#[test]
fn zero_cell_counts_on_a_bus_are_malformed_not_a_hang() {
    let blob = node("")
        .cells("#address-cells", &[0])
        .cells("#size-cells", &[0])
        .child(
            node("outer")
                .cells("#address-cells", &[0])
                .cells("#size-cells", &[0])
                .cells("ranges", &[0x1])
                .child(
                    node("inner")
                        .cells("#address-cells", &[1])
                        .cells("#size-cells", &[0])
                        .empty("ranges")
                        .child(node("leaf").cells("reg", &[0x1000])),
                ),
        )
        .build();
    let fdt = Fdt::new(&blob).unwrap();
    let leaf = fdt.nodes().find(|n| fdt.name(*n) == b"leaf").unwrap();
    assert_eq!(fdt.reg(leaf), None);
}

#[test]
fn compatible_is_matched_without_regard_to_case() {
    let blob = node("")
        .child(node("a").strs("compatible", &["Vendor,One", "ARM,SCMI-SMC"]))
        .build();
    let fdt = Fdt::new(&blob).unwrap();
    let a = fdt.first_child(fdt.root().unwrap()).unwrap();
    assert!(fdt.is_compatible(a, c"arm,scmi-smc"));
    assert!(fdt.is_compatible(a, c"vendor,one"));
    assert!(fdt.is_compatible(a, c"VENDOR,ONE"));
    assert!(!fdt.is_compatible(a, c"arm,scmi-smc2"));
    assert!(!fdt.is_compatible(a, c"arm,scmi"));
}

/// A chain of `depth` nodes below the root, each bus mapping 1:1, the
/// innermost with a "reg"; then a sibling of the chain with a "reg".
fn deep_then_shallow(depth: usize) -> Vec<u8> {
    let mut deep = node("leaf").cells("reg", &[0, 0x2000, 0, 0x10]);
    for level in (1..depth).rev() {
        deep = node(&format!("bus{level}"))
            .cells("#address-cells", &[2])
            .cells("#size-cells", &[2])
            .empty("ranges")
            .child(deep);
    }
    node("")
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .child(deep)
        .child(node("later").cells("reg", &[0, 0x1000, 0, 0x20]))
        .build()
}

#[test]
fn a_deep_node_does_not_spoil_the_reg_of_later_ones() {
    for depth in [31, 32, 33, 40, MAX_DEPTH + 1, 200] {
        let blob = deep_then_shallow(depth);
        let fdt = Fdt::new(&blob).unwrap();
        let later = fdt.nodes().find(|n| fdt.name(*n) == b"later").unwrap();
        assert_eq!(fdt.reg(later), Some((0x1000, 0x20)), "after {depth}");
    }
}

#[test]
fn only_a_node_deeper_than_the_limit_has_its_reg_refused() {
    for (depth, expected) in [
        (40, Some((0x2000, 0x10))),
        (MAX_DEPTH, Some((0x2000, 0x10))),
        (MAX_DEPTH + 1, None),
    ] {
        let blob = deep_then_shallow(depth);
        let fdt = Fdt::new(&blob).unwrap();
        let leaf = fdt.nodes().find(|n| fdt.name(*n) == b"leaf").unwrap();
        assert_eq!(fdt.reg(leaf), expected, "{depth} deep");
    }
}

#[test]
fn finds_parents_at_any_depth() {
    let blob = sample();
    let fdt = Fdt::new(&blob).unwrap();
    let root = fdt.root().unwrap();
    let a = fdt.first_child(root).unwrap();
    let a1 = fdt.first_child(a).unwrap();
    let b = fdt.next_sibling(a).unwrap();
    assert_eq!(fdt.parent(root), None);
    assert_eq!(fdt.parent(a), Some(root));
    assert_eq!(fdt.parent(a1), Some(a));
    assert_eq!(fdt.parent(b), Some(root));
    let blob = deep_then_shallow(200);
    let fdt = Fdt::new(&blob).unwrap();
    let mut node = fdt.nodes().find(|n| fdt.name(*n) == b"leaf").unwrap();
    let mut climbed = 0;
    while let Some(parent) = fdt.parent(node) {
        node = parent;
        climbed += 1;
    }
    assert_eq!((climbed, node), (200, fdt.root().unwrap()));
}

#[test]
fn finds_compatible_nodes_in_document_order() {
    let blob = node("")
        .child(node("p").str("compatible", "x,y"))
        .child(node("q").child(node("r").strs("compatible", &["a,b", "X,Y"])))
        .child(node("s").str("compatible", "x,y"))
        .build();
    let fdt = Fdt::new(&blob).unwrap();
    let mut names = Vec::new();
    let mut found = fdt.next_compatible(None, c"x,y");
    while let Some(n) = found {
        names.push(fdt.name(n).to_vec());
        found = fdt.next_compatible(Some(n), c"x,y");
    }
    assert_eq!(names, [&b"p"[..], b"r", b"s"]);
    assert_eq!(fdt.next_compatible(None, c"a,c"), None);
}

#[test]
fn status_reads_as_xen_reads_it() {
    let blob = node("")
        .child(node("none"))
        .child(node("okay").str("status", "okay"))
        .child(node("ok").str("status", "ok"))
        .child(node("disabled").str("status", "disabled"))
        .child(node("upper").str("status", "OKAY"))
        .child(node("empty").empty("status"))
        .build();
    let fdt = Fdt::new(&blob).unwrap();
    let available: Vec<_> = fdt
        .nodes()
        .skip(1)
        .map(|n| {
            (
                String::from_utf8_lossy(fdt.name(n)).into_owned(),
                fdt.is_available(n),
            )
        })
        .collect();
    let expected = [
        ("none", true),
        ("okay", true),
        ("ok", true),
        ("disabled", false),
        ("upper", false),
        ("empty", false),
    ];
    assert_eq!(
        available,
        expected.map(|(name, ok)| (name.to_owned(), ok)).to_vec()
    );
}
