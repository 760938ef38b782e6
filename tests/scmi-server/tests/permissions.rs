//! Who may do what: the privileged agent's Base permission messages and
//! their effect on the other agents' Clock and Reset commands.

mod common;

use common::{agent, fails, fails_as, ok, ok_as};
use scmi_server::protocol::agent_admin::{FLAG_ALLOW, FLAG_RESET_PERMISSIONS};
use scmi_server::protocol::clock::{
    CLOCK_ATTRIBUTES, CLOCK_CONFIG_SET, CLOCK_DESCRIBE_RATES, CLOCK_RATE_GET, CLOCK_RATE_SET,
};
use scmi_server::protocol::reset::{
    FLAG_AUTONOMOUS, FLAG_EXPLICIT_ASSERT, RESET as RESET_MSG, RESET_DOMAIN_ATTRIBUTES,
};
use scmi_server::protocol::{base, BASE, CLOCK, RESET};
use scmi_server::{AgentId, Server, Status};

// Clocks, reset domains and devices of platform.rs.
const CPU_CLOCK: u32 = 0;
const UART_CLOCK: u32 = 1;
const GPU_CLOCK: u32 = 2;
const GPU_RESET: u32 = 0;
const UART_RESET: u32 = 1;
const CPU_DEVICE: u32 = 0;
const UART_DEVICE: u32 = 1;
const GPU_DEVICE: u32 = 2;
const DENY: u32 = 0;

fn set_device(s: &mut Server, agent_id: u32, device: u32, flags: u32) {
    ok(
        s,
        BASE,
        base::SET_DEVICE_PERMISSIONS,
        &[agent_id, device, flags],
    );
}

fn set_protocol(s: &mut Server, agent_id: u32, device: u32, protocol: u8, flags: u32) {
    ok(
        s,
        BASE,
        base::SET_PROTOCOL_PERMISSIONS,
        &[agent_id, device, u32::from(protocol), flags],
    );
}

/// The status `agent_id` gets for each state-touching command on the
/// UART: rate get, rate set, config set on its clock, and a reset cycle.
fn uart_access(s: &mut Server, agent_id: u32) -> [i32; 4] {
    let from = agent(agent_id);
    let status = |s: &mut Server, protocol, message, params: &[u32]| {
        common::call_as(s, from, protocol, message, params).status
    };
    [
        status(s, CLOCK, CLOCK_RATE_GET, &[UART_CLOCK]),
        status(s, CLOCK, CLOCK_RATE_SET, &[0, UART_CLOCK, 48_000_000, 0]),
        status(s, CLOCK, CLOCK_CONFIG_SET, &[UART_CLOCK, 1]),
        status(s, RESET, RESET_MSG, &[UART_RESET, FLAG_AUTONOMOUS, 0]),
    ]
}

const ALL_OK: [i32; 4] = [0; 4];
const ALL_DENIED: [i32; 4] = [Status::Denied as i32; 4];

#[test]
fn domain_agents_start_with_no_device() {
    let mut s = Server::multi_agent();
    for id in 2..=4 {
        assert_eq!(uart_access(&mut s, id), ALL_DENIED, "agent {id}");
        fails_as(
            &mut s,
            agent(id),
            RESET,
            RESET_MSG,
            &[GPU_RESET, FLAG_EXPLICIT_ASSERT, 0],
            Status::Denied,
        );
        fails_as(
            &mut s,
            agent(id),
            CLOCK,
            CLOCK_RATE_GET,
            &[CPU_CLOCK],
            Status::Denied,
        );
    }
    // Nothing they sent changed anything.
    assert_eq!(s.clock(UART_CLOCK as usize).unwrap().rate, 24_000_000);
    assert_eq!(s.reset_domain(UART_RESET as usize).unwrap().cycles, 0);
    assert!(!s.reset_domain(GPU_RESET as usize).unwrap().asserted);
}

#[test]
fn the_privileged_agent_always_has_every_device() {
    let mut s = Server::multi_agent();
    assert_eq!(uart_access(&mut s, 1), ALL_OK);
    // Nothing can take it away: its own permissions are not settable.
    fails(
        &mut s,
        BASE,
        base::SET_DEVICE_PERMISSIONS,
        &[1, UART_DEVICE, DENY],
        Status::Denied,
    );
    fails(
        &mut s,
        BASE,
        base::SET_PROTOCOL_PERMISSIONS,
        &[1, UART_DEVICE, u32::from(RESET), DENY],
        Status::Denied,
    );
    ok(
        &mut s,
        BASE,
        base::RESET_AGENT_CONFIGURATION,
        &[1, FLAG_RESET_PERMISSIONS],
    );
    assert_eq!(uart_access(&mut s, 1), ALL_OK);
}

#[test]
fn discovery_commands_answer_without_permission() {
    let mut s = Server::multi_agent();
    let guest = agent(2);
    ok_as(&mut s, guest, CLOCK, CLOCK_ATTRIBUTES, &[GPU_CLOCK]);
    ok_as(&mut s, guest, CLOCK, CLOCK_DESCRIBE_RATES, &[UART_CLOCK, 0]);
    ok_as(&mut s, guest, RESET, RESET_DOMAIN_ATTRIBUTES, &[UART_RESET]);
    for protocol in [CLOCK, RESET] {
        ok_as(&mut s, guest, protocol, 0, &[]);
        ok_as(&mut s, guest, protocol, 1, &[]);
    }
}

#[test]
fn a_missing_clock_or_domain_is_not_found_rather_than_denied() {
    let mut s = Server::multi_agent();
    let guest = agent(2);
    fails_as(&mut s, guest, CLOCK, CLOCK_RATE_GET, &[3], Status::NotFound);
    fails_as(
        &mut s,
        guest,
        RESET,
        RESET_MSG,
        &[2, FLAG_AUTONOMOUS, 0],
        Status::NotFound,
    );
}

#[test]
fn granting_a_device_gives_its_clock_and_reset_and_nothing_else() {
    let mut s = Server::multi_agent();
    set_device(&mut s, 2, UART_DEVICE, FLAG_ALLOW);
    assert_eq!(uart_access(&mut s, 2), ALL_OK);
    assert_eq!(s.clock(UART_CLOCK as usize).unwrap().rate, 48_000_000);
    assert!(s.may_use(agent(2), CLOCK, UART_DEVICE as usize));
    // Other devices, and other agents, are unaffected.
    fails_as(
        &mut s,
        agent(2),
        CLOCK,
        CLOCK_RATE_GET,
        &[GPU_CLOCK],
        Status::Denied,
    );
    assert_eq!(uart_access(&mut s, 3), ALL_DENIED);
}

#[test]
fn denying_a_device_takes_it_away() {
    let mut s = Server::multi_agent();
    set_device(&mut s, 3, UART_DEVICE, FLAG_ALLOW);
    assert_eq!(uart_access(&mut s, 3), ALL_OK);
    set_device(&mut s, 3, UART_DEVICE, DENY);
    assert_eq!(uart_access(&mut s, 3), ALL_DENIED);
}

#[test]
fn only_the_privileged_agent_may_use_the_permission_messages() {
    let mut s = Server::multi_agent();
    set_device(&mut s, 3, UART_DEVICE, FLAG_ALLOW);
    let attempts: [(u8, &[u32]); 4] = [
        (base::SET_DEVICE_PERMISSIONS, &[2, UART_DEVICE, FLAG_ALLOW]),
        (
            base::SET_PROTOCOL_PERMISSIONS,
            &[3, UART_DEVICE, u32::from(CLOCK), DENY],
        ),
        (
            base::RESET_AGENT_CONFIGURATION,
            &[3, FLAG_RESET_PERMISSIONS],
        ),
        // Denied before the (missing) parameters are looked at.
        (base::SET_DEVICE_PERMISSIONS, &[]),
    ];
    for (message, params) in attempts {
        for id in 2..=4 {
            fails_as(&mut s, agent(id), BASE, message, params, Status::Denied);
        }
    }
    // None of them had an effect.
    assert_eq!(uart_access(&mut s, 2), ALL_DENIED);
    assert_eq!(uart_access(&mut s, 3), ALL_OK);
}

#[test]
fn set_device_permissions_checks_agent_device_and_flags() {
    let mut s = Server::multi_agent();
    let msg = base::SET_DEVICE_PERMISSIONS;
    // Agent 0 is the platform; 5 is one past the four agents.
    for agent_id in [0, 5, 0xff, u32::MAX] {
        fails(
            &mut s,
            BASE,
            msg,
            &[agent_id, UART_DEVICE, FLAG_ALLOW],
            Status::NotFound,
        );
    }
    for device in [3, 0x100, u32::MAX] {
        fails(
            &mut s,
            BASE,
            msg,
            &[2, device, FLAG_ALLOW],
            Status::NotFound,
        );
    }
    for flags in [2, 3, 0x8000_0001] {
        fails(
            &mut s,
            BASE,
            msg,
            &[2, UART_DEVICE, flags],
            Status::InvalidParameters,
        );
    }
    fails(&mut s, BASE, msg, &[2, UART_DEVICE], Status::ProtocolError);
    assert_eq!(
        uart_access(&mut s, 2),
        ALL_DENIED,
        "no call granted anything"
    );
}

#[test]
fn denying_a_protocol_on_a_device_is_effective() {
    let mut s = Server::multi_agent();
    set_device(&mut s, 2, UART_DEVICE, FLAG_ALLOW);
    set_protocol(&mut s, 2, UART_DEVICE, RESET, DENY);
    let denied = Status::Denied as i32;
    assert_eq!(uart_access(&mut s, 2), [0, 0, 0, denied]);
    assert!(!s.may_use(agent(2), RESET, UART_DEVICE as usize));
    set_protocol(&mut s, 2, UART_DEVICE, CLOCK, DENY);
    assert_eq!(uart_access(&mut s, 2), ALL_DENIED);
    set_protocol(&mut s, 2, UART_DEVICE, RESET, FLAG_ALLOW);
    assert_eq!(uart_access(&mut s, 2), [denied, denied, denied, 0]);
    set_protocol(&mut s, 2, UART_DEVICE, CLOCK, FLAG_ALLOW);
    assert_eq!(uart_access(&mut s, 2), ALL_OK);
}

#[test]
fn a_device_grant_after_a_denial_is_whole_again() {
    let mut s = Server::multi_agent();
    set_device(&mut s, 2, UART_DEVICE, FLAG_ALLOW);
    set_protocol(&mut s, 2, UART_DEVICE, CLOCK, DENY);
    set_device(&mut s, 2, UART_DEVICE, DENY);
    set_device(&mut s, 2, UART_DEVICE, FLAG_ALLOW);
    assert_eq!(uart_access(&mut s, 2), ALL_OK);
}

#[test]
fn set_protocol_permissions_checks_its_parameters() {
    let mut s = Server::multi_agent();
    let msg = base::SET_PROTOCOL_PERMISSIONS;
    set_device(&mut s, 2, UART_DEVICE, FLAG_ALLOW);
    set_device(&mut s, 2, CPU_DEVICE, FLAG_ALLOW);
    let clock = u32::from(CLOCK);
    let not_found: [[u32; 4]; 8] = [
        // The Base protocol cannot be denied (nor allowed): no such
        // per-device protocol.
        [2, UART_DEVICE, u32::from(BASE), DENY],
        [2, UART_DEVICE, u32::from(BASE), FLAG_ALLOW],
        // Protocols not implemented, or not wearing the device's clock
        // in the low byte only.
        [2, UART_DEVICE, 0x15, DENY],
        [2, UART_DEVICE, 0x100 | clock, DENY],
        // The CPU has no reset domain.
        [2, CPU_DEVICE, u32::from(RESET), DENY],
        // Agent 2 was not granted the GPU: nothing to narrow.
        [2, GPU_DEVICE, clock, DENY],
        [5, UART_DEVICE, clock, DENY],
        [2, 3, clock, DENY],
    ];
    for params in not_found {
        fails(&mut s, BASE, msg, &params, Status::NotFound);
    }
    fails(
        &mut s,
        BASE,
        msg,
        &[2, UART_DEVICE, clock, 2],
        Status::InvalidParameters,
    );
    fails(
        &mut s,
        BASE,
        msg,
        &[2, UART_DEVICE, clock],
        Status::ProtocolError,
    );
    assert_eq!(uart_access(&mut s, 2), ALL_OK, "no call denied anything");
}

#[test]
fn reset_agent_configuration_with_permissions_revokes_every_grant() {
    let mut s = Server::multi_agent();
    set_device(&mut s, 2, UART_DEVICE, FLAG_ALLOW);
    set_device(&mut s, 2, GPU_DEVICE, FLAG_ALLOW);
    set_device(&mut s, 3, UART_DEVICE, FLAG_ALLOW);
    ok(
        &mut s,
        BASE,
        base::RESET_AGENT_CONFIGURATION,
        &[2, FLAG_RESET_PERMISSIONS],
    );
    assert_eq!(uart_access(&mut s, 2), ALL_DENIED);
    assert!(!s.may_use(agent(2), CLOCK, GPU_DEVICE as usize));
    assert_eq!(uart_access(&mut s, 3), ALL_OK, "other agents keep theirs");
}

#[test]
fn reset_agent_configuration_undoes_the_agents_settings() {
    let mut s = Server::multi_agent();
    set_device(&mut s, 2, GPU_DEVICE, FLAG_ALLOW);
    set_device(&mut s, 3, UART_DEVICE, FLAG_ALLOW);
    let guest = agent(2);
    ok_as(&mut s, guest, CLOCK, CLOCK_CONFIG_SET, &[GPU_CLOCK, 1]);
    ok_as(
        &mut s,
        guest,
        CLOCK,
        CLOCK_RATE_SET,
        &[0, GPU_CLOCK, 700_000_000, 0],
    );
    let assert_flags = [GPU_RESET, FLAG_EXPLICIT_ASSERT, 0];
    ok_as(&mut s, guest, RESET, RESET_MSG, &assert_flags);
    // Agent 3 changes the UART's rate: not agent 2's to undo.
    ok_as(
        &mut s,
        agent(3),
        CLOCK,
        CLOCK_RATE_SET,
        &[0, UART_CLOCK, 48_000_000, 0],
    );

    ok(&mut s, BASE, base::RESET_AGENT_CONFIGURATION, &[2, 0]);
    let gpu = s.clock(GPU_CLOCK as usize).unwrap();
    assert_eq!((gpu.enabled, gpu.rate), (false, 400_000_000));
    assert!(!s.reset_domain(GPU_RESET as usize).unwrap().asserted);
    assert_eq!(s.clock(UART_CLOCK as usize).unwrap().rate, 48_000_000);
    // Without bit 0 its permissions stay.
    assert!(s.may_use(guest, CLOCK, GPU_DEVICE as usize));
}

#[test]
fn reset_agent_configuration_keeps_what_others_asked_for() {
    let mut s = Server::multi_agent();
    set_device(&mut s, 2, GPU_DEVICE, FLAG_ALLOW);
    ok_as(&mut s, agent(2), CLOCK, CLOCK_CONFIG_SET, &[GPU_CLOCK, 1]);
    ok(&mut s, CLOCK, CLOCK_CONFIG_SET, &[GPU_CLOCK, 1]);
    ok(&mut s, BASE, base::RESET_AGENT_CONFIGURATION, &[2, 0]);
    assert!(
        s.clock(GPU_CLOCK as usize).unwrap().enabled,
        "the privileged agent still wants it"
    );
}

#[test]
fn reset_agent_configuration_checks_its_parameters() {
    let mut s = Server::multi_agent();
    let msg = base::RESET_AGENT_CONFIGURATION;
    for agent_id in [0, 5, u32::MAX] {
        fails(&mut s, BASE, msg, &[agent_id, 0], Status::NotFound);
    }
    for flags in [2, 0x8000_0000] {
        fails(&mut s, BASE, msg, &[2, flags], Status::InvalidParameters);
    }
    fails(&mut s, BASE, msg, &[2], Status::ProtocolError);
}

#[test]
fn revoking_a_device_does_not_undo_what_the_agent_set() {
    let mut s = Server::multi_agent();
    set_device(&mut s, 4, GPU_DEVICE, FLAG_ALLOW);
    ok_as(&mut s, agent(4), CLOCK, CLOCK_CONFIG_SET, &[GPU_CLOCK, 1]);
    set_device(&mut s, 4, GPU_DEVICE, DENY);
    assert!(s.clock(GPU_CLOCK as usize).unwrap().enabled);
    fails_as(
        &mut s,
        agent(4),
        CLOCK,
        CLOCK_CONFIG_SET,
        &[GPU_CLOCK, 0],
        Status::Denied,
    );
    assert!(!s.may_use(agent(4), CLOCK, GPU_DEVICE as usize));
    assert!(s.may_use(AgentId::PRIVILEGED, CLOCK, GPU_DEVICE as usize));
}
