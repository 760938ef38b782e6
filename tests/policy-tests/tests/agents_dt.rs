//! The agents as the host tree describes them (a "xen,sci" container with
//! Xen's SCMI node and `scmi-secondary-agents`), what Xen reads of them,
//! and what the hardware domain keeps.

use fdt_reader::{Fdt, FdtNode};
use policy_tests::dom0_tree_multi_agent;
use policy_tests::fdt_builder::{node, Node};
use scmi_smc::agents::{
    container_of, dom0_agent, for_each_secondary_agent, AgentError, AgentTable, Dom0Agent,
    EntryError, MAX_SECONDARY_AGENTS, SCI_COMPATIBLE,
};
use scmi_smc::dt::{DeviceTree, DtProblem, SCMI_SMC_COMPATIBLE};
use scmi_smc::smccc::FunctionId;

const XEN_SMC: u32 = 0x8200_0002;

fn shmem(name: &str, phandle: u32, addr: u32, size: u32) -> Node {
    node(name)
        .str("compatible", "arm,scmi-shmem")
        .phandle(phandle)
        .cells("reg", &[0, addr, 0, size])
}

/// Upstream's container: Xen's node on the first channel, `agents` as the
/// list, and whatever else `extra` adds.
fn container(agents: &[u32], extra: impl FnOnce(Node) -> Node) -> Node {
    let sci = node("xen_scmi_config")
        .str("compatible", "xen,sci")
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .empty("ranges")
        .cells("scmi-secondary-agents", agents)
        .child(shmem("sram@bff00000", 0x10, 0xbff0_0000, 0x1000))
        .child(
            node("scmi")
                .str("compatible", "arm,scmi-smc")
                .cells("arm,smc-id", &[XEN_SMC])
                .cells("shmem", &[0x10])
                .cells("#access-controller-cells", &[1]),
        );
    extra(sci)
}

/// A host tree: the container under /chosen/xen, the domain agents'
/// channels beside Xen's, dom0's own SCMI node and channel at the root,
/// another transport's channel and a device.
fn host(sci: Node) -> Vec<u8> {
    node("")
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .child(
            node("chosen")
                .empty("ranges")
                .child(node("xen").empty("ranges").child(sci.child(shmem(
                    "sram@bff02000",
                    0x12,
                    0xbff0_2000,
                    0x1000,
                ))))
                .child(shmem("sram@bff03000", 0x13, 0xbff0_3000, 0x1000)),
        )
        .child(shmem("sram@bff01000", 0x11, 0xbff0_1000, 0x1000))
        .child(shmem("mbox-shmem@bff08000", 0x18, 0xbff0_8000, 0x1000))
        .child(shmem("sram@bff09800", 0x19, 0xbff0_9800, 0x100))
        .child(
            node("firmware")
                .child(
                    node("scmi")
                        .str("compatible", "arm,scmi-smc")
                        .cells("arm,smc-id", &[0x8200_0003])
                        .cells("shmem", &[0x11]),
                )
                .child(
                    node("scmi-mbox")
                        .str("compatible", "arm,scmi")
                        .cells("shmem", &[0x18]),
                ),
        )
        .child(node("uart@9000000").cells("reg", &[0, 0x900_0000, 0, 0x1000]))
        .build()
}

/// Agents 2 (dom0's, at 0xbff01000), 3 (in the container) and 4 (beside
/// it), in the default three-cell form.
fn three_agents() -> Vec<u8> {
    host(container(
        &[
            0x8200_0003,
            0x11,
            2,
            0x8200_0004,
            0x12,
            3,
            0x8200_0005,
            0x13,
            4,
        ],
        |sci| sci,
    ))
}

type Entries = Vec<Result<(u32, String, Option<u32>), EntryError<String>>>;

fn entries(blob: &[u8]) -> Entries {
    let fdt = Fdt::new(blob).unwrap();
    let sci = fdt.next_compatible(None, SCI_COMPATIBLE).unwrap();
    let name = |node: FdtNode| String::from_utf8_lossy(fdt.name(node)).into_owned();
    let mut found = Vec::new();
    for_each_secondary_agent(&fdt, sci, |entry| {
        found.push(match entry {
            Ok(agent) => Ok((agent.smc.0, name(agent.channel.node), agent.agent)),
            Err(EntryError::Channel { at, problem }) => Err(EntryError::Channel {
                at: name(at),
                problem,
            }),
            Err(EntryError::NotPageAligned { at, addr }) => {
                Err(EntryError::NotPageAligned { at: name(at), addr })
            }
            Err(EntryError::Missing) => Err(EntryError::Missing),
            Err(EntryError::BadCells(cells)) => Err(EntryError::BadCells(cells)),
            Err(EntryError::BadLength(len)) => Err(EntryError::BadLength(len)),
            Err(EntryError::TooMany) => Err(EntryError::TooMany),
        });
    });
    found
}

#[test]
fn xen_reads_each_entry_doorbell_channel_and_id() {
    assert_eq!(
        entries(&three_agents()),
        [
            Ok((0x8200_0003, "sram@bff01000".to_owned(), Some(2))),
            Ok((0x8200_0004, "sram@bff02000".to_owned(), Some(3))),
            Ok((0x8200_0005, "sram@bff03000".to_owned(), Some(4))),
        ]
    );
}

#[test]
fn in_the_two_cell_form_the_firmware_gives_the_ids() {
    let blob = host(container(&[0x8200_0003, 0x11, 0x8200_0004, 0x12], |sci| {
        sci.cells("#scmi-secondary-agents-cells", &[2])
    }));
    assert_eq!(
        entries(&blob),
        [
            Ok((0x8200_0003, "sram@bff01000".to_owned(), None)),
            Ok((0x8200_0004, "sram@bff02000".to_owned(), None)),
        ]
    );
}

#[test]
fn a_list_xen_cannot_read_is_refused_whole() {
    let four_cells = host(container(&[0x8200_0003, 0x11, 2, 0], |sci| {
        sci.cells("#scmi-secondary-agents-cells", &[4])
    }));
    assert_eq!(entries(&four_cells), [Err(EntryError::BadCells(4))]);
    let partial = host(container(&[0x8200_0003, 0x11, 2, 0x8200_0004], |sci| sci));
    assert_eq!(entries(&partial), [Err(EntryError::BadLength(16))]);
    let empty = host(container(&[], |sci| sci));
    assert_eq!(entries(&empty), [Err(EntryError::BadLength(0))]);
}

#[test]
fn a_bad_entry_is_reported_and_the_others_read() {
    let blob = host(container(
        &[
            0x8200_0003,
            0x99,
            2, // no such phandle
            0x8200_0004,
            0x12,
            3, // fine
            0x8200_0005,
            0x19,
            4, // 256 bytes, not a page
        ],
        |sci| sci,
    ));
    let found = entries(&blob);
    assert_eq!(
        found[0],
        Err(EntryError::Channel {
            at: "xen_scmi_config".to_owned(),
            problem: DtProblem::DanglingPhandle { phandle: 0x99 },
        })
    );
    assert_eq!(
        found[1],
        Ok((0x8200_0004, "sram@bff02000".to_owned(), Some(3)))
    );
    assert_eq!(
        found[2],
        Err(EntryError::NotPageAligned {
            at: "sram@bff09800".to_owned(),
            addr: 0xbff0_9800,
        })
    );
}

#[test]
fn the_list_is_read_up_to_its_bound() {
    let many: Vec<u32> = (0..(MAX_SECONDARY_AGENTS as u32 + 2))
        .flat_map(|i| [0x8200_0100 + i, 0x12, i + 2])
        .collect();
    let found = entries(&host(container(&many, |sci| sci)));
    assert_eq!(found.len(), MAX_SECONDARY_AGENTS + 1);
    assert_eq!(found.last(), Some(&Err(EntryError::TooMany)));
}

#[test]
fn only_an_scmi_node_in_an_enabled_container_is_xens() {
    let fdt_blob = three_agents();
    let fdt = Fdt::new(&fdt_blob).unwrap();
    let mut nodes = Vec::new();
    let mut at = fdt.next_compatible(None, SCMI_SMC_COMPATIBLE);
    while let Some(scmi) = at {
        nodes.push(container_of(&fdt, scmi).is_some());
        at = fdt.next_compatible(Some(scmi), SCMI_SMC_COMPATIBLE);
    }
    // Document order: Xen's node under /chosen, then /firmware/scmi.
    assert_eq!(nodes, [true, false]);

    let disabled = host(container(&[0x8200_0003, 0x11, 2], |sci| {
        sci.str("status", "disabled")
    }));
    let fdt = Fdt::new(&disabled).unwrap();
    let xens = fdt.next_compatible(None, SCMI_SMC_COMPATIBLE).unwrap();
    assert_eq!(
        container_of(&fdt, xens),
        None,
        "a disabled container is absent"
    );
}

#[test]
fn dom0s_agent_is_one_a_domain_may_have() {
    let read = |value: Option<&[u32]>| {
        let blob = host(container(&[0x8200_0003, 0x11, 2], |sci| match value {
            Some(cells) => sci.cells("xen,dom0-sci-agent-id", cells),
            None => sci,
        }));
        let fdt = Fdt::new(&blob).unwrap();
        let sci = fdt.next_compatible(None, SCI_COMPATIBLE).unwrap();
        dom0_agent(&fdt, sci)
    };
    assert_eq!(read(None), Dom0Agent::None);
    assert_eq!(read(Some(&[2])), Dom0Agent::Agent(2));
    assert_eq!(read(Some(&[254])), Dom0Agent::Agent(254));
    // 0 is the platform's (SCMI); 255 is upstream's "none".
    assert_eq!(read(Some(&[0])), Dom0Agent::Invalid(0));
    assert_eq!(read(Some(&[255])), Dom0Agent::Invalid(255));
    assert_eq!(read(Some(&[1, 2])), Dom0Agent::Invalid(u32::MAX));
}

/// The table Xen builds from [`three_agents`]: Xen is agent 1 on the first
/// channel; agents 2 to 4 on the next three pages; dom0 gets `dom0`.
fn table(dom0: Option<u32>) -> AgentTable {
    let table = AgentTable::new();
    table.set_privileged(1, FunctionId(XEN_SMC), (0xbff00, 0xbff00));
    for id in 2..=4 {
        let pfn = 0xbff00 + u64::from(id) - 1;
        table
            .add(id, FunctionId(0x8200_0001 + id), (pfn, pfn))
            .unwrap();
    }
    if let Some(id) = dom0 {
        table.set_dom0_agent(id).unwrap();
    }
    table
}

#[test]
fn agents_a_domain_may_not_have_or_that_collide_are_refused() {
    let table = table(None);
    let add = |id, smc, pfn| table.add(id, FunctionId(smc), (pfn, pfn));
    assert_eq!(add(0, 0x8200_0010, 0xbff10), Err(AgentError::Reserved));
    assert_eq!(add(255, 0x8200_0010, 0xbff10), Err(AgentError::Reserved));
    assert_eq!(
        add(1, 0x8200_0010, 0xbff10),
        Err(AgentError::Duplicate),
        "Xen's id"
    );
    assert_eq!(
        add(3, 0x8200_0010, 0xbff10),
        Err(AgentError::Duplicate),
        "a taken id"
    );
    assert_eq!(
        add(9, XEN_SMC, 0xbff10),
        Err(AgentError::Duplicate),
        "Xen's doorbell"
    );
    assert_eq!(
        add(9, 0x8200_0004, 0xbff10),
        Err(AgentError::Duplicate),
        "a taken doorbell"
    );
    assert_eq!(
        add(9, 0x8200_0010, 0xbff00),
        Err(AgentError::Overlap),
        "Xen's channel"
    );
    assert_eq!(
        add(9, 0x8200_0010, 0xbff02),
        Err(AgentError::Overlap),
        "agent 3's channel"
    );
    assert_eq!(
        table.add(9, FunctionId(0x8200_0010), (0xbfeff, 0xbff01)),
        Err(AgentError::Overlap),
        "a channel across two pages, one of them agent 2's"
    );
    assert_eq!(add(9, 0x8200_0010, 0xbff10), Ok(()));
    assert_eq!(table.set_dom0_agent(7), Err(AgentError::Unknown));
}

#[test]
fn dom0_loses_the_container_and_foreign_channels_and_keeps_its_own() {
    let tree = dom0_tree_multi_agent(&three_agents(), &table(Some(2)));
    for gone in ["/chosen/xen/xen_scmi_config", "/chosen/sram@bff03000"] {
        assert!(!tree.keeps(gone), "{gone} kept: {:?}", tree.kept);
    }
    for kept in [
        "/chosen",
        "/chosen/xen",
        "/firmware/scmi",
        "/sram@bff01000",
        "/firmware/scmi-mbox",
        "/mbox-shmem@bff08000",
        "/uart@9000000",
    ] {
        assert!(tree.keeps(kept), "{kept} lost");
    }
}

#[test]
fn dom0_may_map_each_domain_agents_channel_once_and_never_xens() {
    let tree = dom0_tree_multi_agent(&three_agents(), &table(Some(2)));
    assert_eq!(
        tree.grants,
        [(0xbff01, 0xbff01), (0xbff02, 0xbff02), (0xbff03, 0xbff03)]
    );
    assert!(tree.problems.is_empty(), "{:?}", tree.problems);
}

#[test]
fn dom0_without_an_agent_gets_no_scmi_node_or_channel() {
    let tree = dom0_tree_multi_agent(&three_agents(), &table(None));
    for gone in [
        "/firmware/scmi",
        "/sram@bff01000",
        "/chosen/xen/xen_scmi_config",
    ] {
        assert!(!tree.keeps(gone), "{gone} kept");
    }
    assert!(tree.keeps("/firmware/scmi-mbox"));
    assert!(tree.keeps("/mbox-shmem@bff08000"));
}

#[test]
fn xens_channel_is_left_out_wherever_it_is_described() {
    let blob = node("")
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .child(shmem("sram@bff00000", 0x10, 0xbff0_0000, 0x1000))
        .child(node("chosen").child(node("xen_scmi_config").str("compatible", "xen,sci")))
        .build();
    let tree = dom0_tree_multi_agent(&blob, &table(Some(2)));
    assert!(!tree.keeps("/sram@bff00000"));
}

#[test]
fn a_disabled_protocol_nodes_channel_stays_with_dom0_without_an_agent() {
    // As in single-agent mode: the disabled node counts as absent, so its
    // channel is no SCMI channel of dom0's and is kept like any node.
    let blob = node("")
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .child(shmem("sram@80000000", 0x20, 0x8000_0000, 0x1000))
        .child(shmem("sram@90000000", 0x21, 0x9000_0000, 0x1000))
        .child(
            node("scmi")
                .str("compatible", "arm,scmi-smc")
                .cells("shmem", &[0x20])
                .child(
                    node("protocol@14")
                        .str("status", "disabled")
                        .cells("shmem", &[0x21]),
                ),
        )
        .build();
    let tree = dom0_tree_multi_agent(&blob, &table(None));
    assert!(!tree.keeps("/scmi") && !tree.keeps("/sram@80000000"));
    assert!(tree.keeps("/sram@90000000"));
    assert_eq!(tree.grants, vec![]);
}
