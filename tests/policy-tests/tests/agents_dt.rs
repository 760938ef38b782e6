//! The domain agents in the host tree: what Xen reads of them, and what
//! the hardware domain keeps when they are described.

use fdt_reader::Fdt;
use policy_tests::dom0_tree_multi_agent;
use policy_tests::fdt_builder::{node, Node};
use scmi_smc::agents::{for_each_agent, AgentNodeError};
use scmi_smc::dt::{DeviceTree, DtProblem, AGENTS_COMPATIBLE};
use scmi_smc::smccc::FunctionId;

fn shmem(name: &str, phandle: u32, addr: u32) -> Node {
    node(name)
        .str("compatible", "arm,scmi-shmem")
        .phandle(phandle)
        .cells("reg", &[0, addr, 0, 0x1000])
}

fn agent(id: u32, smc: u32, channel: u32) -> Node {
    node(&format!("agent@{id}"))
        .cells("reg", &[id])
        .cells("arm,smc-id", &[smc])
        .cells("shmem", &[channel])
}

fn agents(children: Vec<Node>) -> Node {
    let mut agents = node("xen,scmi-agents")
        .str("compatible", "xen,scmi-smc-agents")
        .cells("#address-cells", &[1])
        .cells("#size-cells", &[0]);
    for child in children {
        agents = agents.child(child);
    }
    agents
}

fn host(agent_nodes: Vec<Node>) -> Vec<u8> {
    node("")
        .cells("#address-cells", &[2])
        .cells("#size-cells", &[2])
        .child(node("chosen").child(agents(agent_nodes)))
        .child(
            node("reserved-memory")
                .cells("#address-cells", &[2])
                .cells("#size-cells", &[2])
                .empty("ranges")
                .child(shmem("scmi-shmem@bff00000", 0x10, 0xbff0_0000))
                .child(shmem("scmi-shmem@bff01000", 0x11, 0xbff0_1000))
                .child(shmem("scmi-shmem@bff02000", 0x12, 0xbff0_2000))
                .child(shmem("scmi-mbox-shmem@bff08000", 0x18, 0xbff0_8000)),
        )
        .child(
            node("firmware")
                .child(
                    node("scmi")
                        .str("compatible", "arm,scmi-smc")
                        .cells("arm,smc-id", &[0x8200_0002])
                        .cells("shmem", &[0x10]),
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

fn two_agents() -> Vec<u8> {
    host(vec![
        agent(2, 0x8200_0003, 0x11),
        agent(3, 0x8200_0004, 0x12),
    ])
}

type Found = Vec<(String, Result<(u32, FunctionId), AgentNodeError>)>;

fn read_agents(blob: &[u8]) -> Found {
    let fdt = Fdt::new(blob).unwrap();
    let agents = fdt.next_compatible(None, AGENTS_COMPATIBLE).unwrap();
    let mut found = Vec::new();
    for_each_agent(&fdt, agents, |node, agent| {
        found.push((String::from_utf8_lossy(fdt.name(node)).into_owned(), agent));
    });
    found
}

#[test]
fn xen_reads_each_agents_id_and_doorbell() {
    assert_eq!(
        read_agents(&two_agents()),
        [
            ("agent@2".to_owned(), Ok((2, FunctionId(0x8200_0003)))),
            ("agent@3".to_owned(), Ok((3, FunctionId(0x8200_0004)))),
        ]
    );
}

#[test]
fn a_bad_agent_node_is_reported_and_the_others_read() {
    let blob = host(vec![
        node("agent@2").cells("arm,smc-id", &[0x8200_0003]),
        node("agent@3")
            .cells("reg", &[3])
            .cells("arm,smc-id", &[1, 2]),
        node("agent@4").cells("reg", &[4, 5]),
        agent(5, 0x8200_0006, 0x12),
        agent(6, 0x8200_0007, 0x12).str("status", "disabled"),
    ]);
    let found = read_agents(&blob);
    assert_eq!(found.len(), 4, "the disabled one is not read: {found:?}");
    assert_eq!(found[0].1, Err(AgentNodeError::BadReg));
    assert_eq!(found[1].1, Err(AgentNodeError::BadSmcId));
    assert_eq!(found[2].1, Err(AgentNodeError::BadReg));
    assert_eq!(found[3].1, Ok((5, FunctionId(0x8200_0006))));
}

#[test]
fn the_agent_walk_is_bounded() {
    let nodes = (0..70)
        .map(|i| agent(i + 2, 0x8200_0100 + i, 0x11))
        .collect();
    let found = read_agents(&host(nodes));
    assert_eq!(found.len(), 65);
    assert_eq!(found[64].1, Err(AgentNodeError::TooMany));
}

#[test]
fn dom0_loses_xens_node_and_every_agent_channel() {
    let tree = dom0_tree_multi_agent(&two_agents());
    for gone in [
        "/firmware/scmi",
        "/chosen/xen,scmi-agents",
        "/reserved-memory/scmi-shmem@bff00000",
        "/reserved-memory/scmi-shmem@bff01000",
        "/reserved-memory/scmi-shmem@bff02000",
    ] {
        assert!(!tree.keeps(gone), "{gone} kept: {:?}", tree.kept);
    }
    for kept in [
        "/chosen",
        "/firmware",
        "/firmware/scmi-mbox",
        "/reserved-memory/scmi-mbox-shmem@bff08000",
        "/uart@9000000",
    ] {
        assert!(tree.keeps(kept), "{kept} lost");
    }
}

#[test]
fn dom0_may_map_the_agents_channels_and_never_xens() {
    let tree = dom0_tree_multi_agent(&two_agents());
    assert_eq!(tree.grants, [(0xbff01, 0xbff01), (0xbff02, 0xbff02)]);
    assert!(tree.problems.is_empty(), "{:?}", tree.problems);
}

#[test]
fn a_bad_agent_channel_is_reported_and_not_granted() {
    let blob = host(vec![
        agent(2, 0x8200_0003, 0x11),
        agent(3, 0x8200_0004, 0x99),
        node("agent@4")
            .cells("reg", &[4])
            .cells("arm,smc-id", &[0x8200_0005]),
    ]);
    let tree = dom0_tree_multi_agent(&blob);
    assert_eq!(tree.grants, [(0xbff01, 0xbff01)]);
    assert!(tree.problems.contains(&(
        "/chosen/xen,scmi-agents/agent@3".to_owned(),
        DtProblem::DanglingPhandle { phandle: 0x99 }
    )));
    // An agent without "shmem" is not reported by the walk (a child need
    // not have one); the agents node itself has no channel of its own.
    assert_eq!(tree.problems.len(), 1, "{:?}", tree.problems);
}
