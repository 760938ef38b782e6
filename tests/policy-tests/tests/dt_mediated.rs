//! Which "arm,scmi-smc" node the single-agent mediator serves.

use fdt_reader::Fdt;
use policy_tests::fdt_builder::node;
use scmi_smc::dt::{check_mediated, DeviceTree, DtProblem, SCMI_SMC_COMPATIBLE};

fn scmi(name: &str) -> policy_tests::fdt_builder::Node {
    node(name)
        .str("compatible", "arm,scmi-smc")
        .cells("arm,smc-id", &[0x8200_0002])
}

#[test]
fn only_the_first_enabled_scmi_node_is_mediated_and_a_later_one_is_said() {
    let blob = node("")
        .child(scmi("scmi-off").str("status", "disabled"))
        .child(scmi("scmi-a"))
        .child(scmi("scmi-b"))
        .build();
    let fdt = Fdt::new(&blob).unwrap();
    let off = fdt.next_compatible(None, SCMI_SMC_COMPATIBLE).unwrap();
    let first = fdt.next_compatible(Some(off), SCMI_SMC_COMPATIBLE).unwrap();
    let second = fdt
        .next_compatible(Some(first), SCMI_SMC_COMPATIBLE)
        .unwrap();
    assert_eq!(check_mediated(&fdt, first), Ok(()));
    assert_eq!(check_mediated(&fdt, second), Err(DtProblem::NotMediated));
    let (line, _) = DtProblem::NotMediated.report();
    let text = String::from_utf8_lossy(line.to_bytes_with_nul());
    assert!(text.contains("%s: not mediated"), "{text}");
}
