//! Domain creation in multi-agent mode, and `scmi_smc_multiagent` without
//! agents.

use scmi_smc::agents::{AgentTable, UnresetAgents};
use scmi_smc::errno::Errno;
use scmi_smc::lifecycle::{
    domain_init, domain_init_multi_agent, sanitise, DomainInfo, InitOutcome, SciType,
};
use scmi_smc::log;
use scmi_smc::refusal::Refusal;
use scmi_smc::smccc::FunctionId;
use scmi_smc::OwnerSlot;

const NONE: u8 = 0;
const SCMI_SMC: u8 = 1;
const MULTI: u8 = 2;

const DOM0: DomainInfo = DomainInfo {
    token: 0x1000,
    id: 0,
    is_hardware: true,
};
const DOM1: DomainInfo = DomainInfo {
    token: 0x2000,
    id: 1,
    is_hardware: false,
};
const DOM2: DomainInfo = DomainInfo {
    token: 0x3000,
    id: 2,
    is_hardware: false,
};

fn table() -> AgentTable {
    let table = AgentTable::new();
    table.set_privileged(1, FunctionId(0x8200_0002), (0xbff00, 0xbff00));
    table
        .add(2, FunctionId(0x8200_0003), policy_tests::page(2))
        .unwrap();
    table
        .add(3, FunctionId(0x8200_0004), policy_tests::page(3))
        .unwrap();
    table
}

#[test]
fn the_multi_agent_type_is_known_to_sanitising() {
    assert_eq!(sanitise(MULTI), Ok(SciType::ScmiSmcMultiAgent));
    assert!(sanitise(3).is_err());
}

#[test]
fn a_domain_gets_the_agent_it_names() {
    let table = table();
    assert_eq!(
        domain_init_multi_agent(&table, &UnresetAgents::new(), &DOM1, MULTI, 2),
        Ok(InitOutcome::Owner)
    );
    assert_eq!(
        domain_init_multi_agent(&table, &UnresetAgents::new(), &DOM2, MULTI, 3),
        Ok(InitOutcome::Owner)
    );
    assert_eq!(table.held_by(DOM1.token), Some(2));
    assert_eq!(table.held_by(DOM2.token), Some(3));
}

#[test]
fn no_domain_gets_xens_agent_or_an_undescribed_one() {
    let table = table();
    let err = domain_init_multi_agent(&table, &UnresetAgents::new(), &DOM1, MULTI, 1).unwrap_err();
    assert_eq!(err, Refusal::new(Errno::EPERM, &log::INIT_AGENT_XEN, 1));
    assert_eq!(err.errno().to_errno(), -1);
    let err = domain_init_multi_agent(&table, &UnresetAgents::new(), &DOM1, MULTI, 9).unwrap_err();
    assert_eq!(
        err,
        Refusal::new(Errno::ENOENT, &log::INIT_AGENT_UNKNOWN, 9)
    );
    assert_eq!(err.errno().to_errno(), -2);
}

#[test]
fn an_agent_has_one_holder_at_a_time() {
    let table = table();
    domain_init_multi_agent(&table, &UnresetAgents::new(), &DOM1, MULTI, 2).unwrap();
    let err = domain_init_multi_agent(&table, &UnresetAgents::new(), &DOM2, MULTI, 2).unwrap_err();
    assert_eq!(err, Refusal::new(Errno::EEXIST, &log::INIT_AGENT_BUSY, 1));
    assert_eq!(err.errno().to_errno(), -17);
    assert_eq!(table.release(DOM1.token), Some(2));
    assert_eq!(
        domain_init_multi_agent(&table, &UnresetAgents::new(), &DOM2, MULTI, 2),
        Ok(InitOutcome::Owner)
    );
}

#[test]
fn without_a_request_or_a_dom0_agent_nobody_gets_scmi() {
    let table = table();
    for dom in [DOM0, DOM1] {
        assert_eq!(
            domain_init_multi_agent(&table, &UnresetAgents::new(), &dom, NONE, 0),
            Ok(InitOutcome::NoScmi)
        );
        assert_eq!(table.held_by(dom.token), None);
    }
}

#[test]
fn the_hardware_domain_gets_the_agent_the_host_tree_gives_it() {
    let table = table();
    table.set_dom0_agent(3).unwrap();
    // Whatever it asks for: its agent is the host tree's to give.
    assert_eq!(
        domain_init_multi_agent(&table, &UnresetAgents::new(), &DOM0, NONE, 0),
        Ok(InitOutcome::Owner)
    );
    assert_eq!(table.held_by(DOM0.token), Some(3));
    let err = domain_init_multi_agent(&table, &UnresetAgents::new(), &DOM1, MULTI, 3).unwrap_err();
    assert_eq!(err, Refusal::new(Errno::EEXIST, &log::INIT_AGENT_BUSY, 0));
}

#[test]
fn the_single_agent_type_is_refused_in_multi_agent_mode() {
    let table = table();
    let err =
        domain_init_multi_agent(&table, &UnresetAgents::new(), &DOM1, SCMI_SMC, 2).unwrap_err();
    assert_eq!(
        err,
        Refusal::new(Errno::EOPNOTSUPP, &log::INIT_SINGLE_AGENT, 0)
    );
    assert_eq!(err.errno().to_errno(), -95);
    let err = domain_init_multi_agent(&table, &UnresetAgents::new(), &DOM1, 7, 2).unwrap_err();
    assert_eq!(err, Refusal::new(Errno::EINVAL, &log::INIT_INVALID_TYPE, 7));
    assert_eq!(err.errno().to_errno(), -22);
}

#[test]
fn the_multi_agent_type_without_agents_is_refused() {
    for passthrough in [false, true] {
        let slot = OwnerSlot::new();
        let err = domain_init(&slot, passthrough, &DOM1, MULTI).unwrap_err();
        assert_eq!(
            err,
            Refusal::new(Errno::EOPNOTSUPP, &log::INIT_NO_AGENTS, 0)
        );
        assert_eq!(err.errno().to_errno(), -95);
    }
}
