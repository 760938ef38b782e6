//! Domain creation in multi-agent mode, and `scmi_smc_multiagent` without
//! agents.

use scmi_smc::agents::AgentTable;
use scmi_smc::domain::{
    domain_init, domain_init_multi_agent, sanitise, AgentInitError, DomainInfo, InitError,
    InitOutcome, SciType,
};
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
    table.set_privileged(1, FunctionId(0x8200_0002));
    table.add(2, FunctionId(0x8200_0003)).unwrap();
    table.add(3, FunctionId(0x8200_0004)).unwrap();
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
        domain_init_multi_agent(&table, &DOM1, MULTI, 2),
        Ok(InitOutcome::Owner)
    );
    assert_eq!(
        domain_init_multi_agent(&table, &DOM2, MULTI, 3),
        Ok(InitOutcome::Owner)
    );
    assert_eq!(table.held_by(DOM1.token), Some(2));
    assert_eq!(table.held_by(DOM2.token), Some(3));
}

#[test]
fn no_domain_gets_xens_agent_or_an_undescribed_one() {
    let table = table();
    let err = domain_init_multi_agent(&table, &DOM1, MULTI, 1).unwrap_err();
    assert_eq!(err, AgentInitError::Privileged(1));
    assert_eq!(err.errno(), -1);
    let err = domain_init_multi_agent(&table, &DOM1, MULTI, 9).unwrap_err();
    assert_eq!(err, AgentInitError::Unknown(9));
    assert_eq!(err.errno(), -2);
    assert_eq!(err.log_arg(), 9);
}

#[test]
fn an_agent_has_one_holder_at_a_time() {
    let table = table();
    domain_init_multi_agent(&table, &DOM1, MULTI, 2).unwrap();
    let err = domain_init_multi_agent(&table, &DOM2, MULTI, 2).unwrap_err();
    assert_eq!(err, AgentInitError::Busy(1));
    assert_eq!(err.errno(), -17);
    assert_eq!(table.release(DOM1.token), Some(2));
    assert_eq!(
        domain_init_multi_agent(&table, &DOM2, MULTI, 2),
        Ok(InitOutcome::Owner)
    );
}

#[test]
fn without_a_request_nobody_gets_scmi_not_even_the_hardware_domain() {
    let table = table();
    for dom in [DOM0, DOM1] {
        assert_eq!(
            domain_init_multi_agent(&table, &dom, NONE, 0),
            Ok(InitOutcome::NoScmi)
        );
        assert_eq!(table.held_by(dom.token), None);
    }
}

#[test]
fn the_single_agent_type_is_refused_in_multi_agent_mode() {
    let table = table();
    let err = domain_init_multi_agent(&table, &DOM1, SCMI_SMC, 2).unwrap_err();
    assert_eq!(err, AgentInitError::SingleAgentType);
    assert_eq!(err.errno(), -95);
    let err = domain_init_multi_agent(&table, &DOM1, 7, 2).unwrap_err();
    assert_eq!(err, AgentInitError::InvalidType(7));
    assert_eq!(err.errno(), -22);
}

#[test]
fn the_multi_agent_type_without_agents_is_refused() {
    for passthrough in [false, true] {
        let slot = OwnerSlot::new();
        let err = domain_init(&slot, passthrough, &DOM1, MULTI).unwrap_err();
        assert_eq!(err, InitError::NoAgents);
        assert_eq!(err.errno(), -95);
    }
}
