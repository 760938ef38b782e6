//! Several agents on one server: their numbering, what Base discovery says
//! about them, how their requests on a shared clock or reset combine, and
//! their call statistics. (Who may do what is in `permissions.rs`.)

mod common;

use common::{agent, call_as, fails_as, name, ok, ok_as, post, CHANNEL_SIZE};
use scmi_server::protocol::agent_admin::FLAG_ALLOW;
use scmi_server::protocol::clock::{CLOCK_ATTRIBUTES, CLOCK_CONFIG_SET, CLOCK_RATE_SET};
use scmi_server::protocol::reset::{FLAG_EXPLICIT_ASSERT, RESET as RESET_MSG};
use scmi_server::protocol::{base, BASE, CLOCK, RESET};
use scmi_server::shmem::{self, SharedMemory};
use scmi_server::{
    AgentId, AgentStats, Agents, MessageHeader, Outcome, Server, Status, MAX_AGENTS,
};

const GPU_CLOCK: u32 = 2;
const GPU_RESET: u32 = 0;
const GPU_DEVICE: u32 = 2;

/// A multi-agent server where agents 2 and 3 were granted the GPU.
fn gpu_shared() -> Server {
    let mut s = Server::multi_agent();
    for id in [2, 3] {
        ok(
            &mut s,
            BASE,
            base::SET_DEVICE_PERMISSIONS,
            &[id, GPU_DEVICE, FLAG_ALLOW],
        );
    }
    s
}

fn set_gpu_clock(s: &mut Server, from: u32, on: bool) {
    ok_as(
        s,
        agent(from),
        CLOCK,
        CLOCK_CONFIG_SET,
        &[GPU_CLOCK, u32::from(on)],
    );
}

#[test]
fn agent_ids_start_at_one_and_channels_at_zero() {
    assert_eq!(AgentId::new(0), None, "0 is the platform");
    assert_eq!(AgentId::new(MAX_AGENTS as u32 + 1), None);
    assert_eq!(AgentId::from_channel(0), Some(AgentId::PRIVILEGED));
    assert_eq!(AgentId::PRIVILEGED.id(), 1);
    assert_eq!(AgentId::from_channel(3).map(AgentId::id), Some(4));
    assert_eq!(AgentId::from_channel(MAX_AGENTS), None);
    assert!(AgentId::PRIVILEGED.is_privileged());
    assert!(!agent(2).is_privileged());
}

#[test]
fn agents_must_be_one_to_max_with_short_names() {
    assert!(Agents::new(&[]).is_none());
    assert!(Agents::new(&["a", "b", "c", "d", "e"]).is_none());
    assert!(Agents::new(&["sixteen-letters!"]).is_none());
    let two = Agents::new(&["a", "b"]).unwrap();
    assert_eq!(two.count(), 2);
    assert_eq!(two.lookup(2), Some(agent(2)));
    assert_eq!(two.lookup(3), None);
    assert_eq!(two.lookup(0), None);
}

#[test]
fn protocol_attributes_count_the_served_agents() {
    // Four agents in bits [15:8], two protocols besides Base in [7:0],
    // whoever asks.
    let mut s = Server::multi_agent();
    for id in 1..=4 {
        assert_eq!(ok_as(&mut s, agent(id), BASE, 1, &[]), [0x0402]);
    }
    let two = Agents::new(&["a", "b"]).unwrap();
    assert_eq!(ok(&mut Server::with_agents(two), BASE, 1, &[]), [0x0202]);
}

#[test]
fn discover_agent_names_the_platform_and_every_agent() {
    let mut s = Server::multi_agent();
    let asker = agent(3);
    let platform = ok_as(&mut s, asker, BASE, base::DISCOVER_AGENT, &[0]);
    assert_eq!((platform[0], name(&platform[1..])), (0, "platform".into()));
    let names = ["xen", "guest-2", "guest-3", "guest-4"];
    for (id, expected) in (1..).zip(names) {
        let got = ok_as(&mut s, asker, BASE, base::DISCOVER_AGENT, &[id]);
        assert_eq!((got[0], name(&got[1..])), (id, expected.into()));
    }
}

#[test]
fn discover_agent_self_is_the_calling_agent() {
    let mut s = Server::multi_agent();
    for (id, expected) in [(1, "xen"), (2, "guest-2"), (4, "guest-4")] {
        let me = ok_as(
            &mut s,
            agent(id),
            BASE,
            base::DISCOVER_AGENT,
            &[base::AGENT_ID_SELF],
        );
        assert_eq!((me[0], name(&me[1..])), (id, expected.into()));
    }
}

#[test]
fn discover_agent_beyond_the_agents_is_not_found() {
    let mut s = Server::multi_agent();
    for id in [5, 6, 0x100, 0xffff_fffe] {
        fails_as(
            &mut s,
            agent(2),
            BASE,
            base::DISCOVER_AGENT,
            &[id],
            Status::NotFound,
        );
    }
    let mut single = Server::new();
    fails_as(
        &mut single,
        AgentId::PRIVILEGED,
        BASE,
        base::DISCOVER_AGENT,
        &[2],
        Status::NotFound,
    );
}

#[test]
fn discover_agent_is_advertised_to_every_agent() {
    let mut s = Server::multi_agent();
    for id in 1..=4 {
        assert_eq!(
            ok_as(
                &mut s,
                agent(id),
                BASE,
                2,
                &[u32::from(base::DISCOVER_AGENT)]
            ),
            [0]
        );
    }
}

#[test]
fn a_clock_runs_while_any_agent_wants_it() {
    let mut s = gpu_shared();
    assert!(!s.clock(GPU_CLOCK as usize).unwrap().enabled);
    set_gpu_clock(&mut s, 2, true);
    set_gpu_clock(&mut s, 3, true);
    set_gpu_clock(&mut s, 2, false);
    assert!(
        s.clock(GPU_CLOCK as usize).unwrap().enabled,
        "3 still wants it"
    );
    set_gpu_clock(&mut s, 3, false);
    assert!(!s.clock(GPU_CLOCK as usize).unwrap().enabled);
}

#[test]
fn clock_attributes_report_the_callers_own_request() {
    let mut s = gpu_shared();
    set_gpu_clock(&mut s, 3, true);
    let seen = |s: &mut Server, id| ok_as(s, agent(id), CLOCK, CLOCK_ATTRIBUTES, &[GPU_CLOCK])[0];
    assert_eq!(seen(&mut s, 3), 1);
    assert_eq!(seen(&mut s, 2), 0, "agent 2 did not enable it");
    assert_eq!(seen(&mut s, 1), 0, "nor did the privileged agent");
    // The CPU clock runs from boot on the privileged agent's behalf.
    assert_eq!(ok(&mut s, CLOCK, CLOCK_ATTRIBUTES, &[0])[0], 1);
    assert_eq!(ok_as(&mut s, agent(4), CLOCK, CLOCK_ATTRIBUTES, &[0])[0], 0);
}

#[test]
fn a_reset_stays_asserted_while_any_agent_holds_it() {
    let mut s = gpu_shared();
    let assert_as = |s: &mut Server, id, on: bool| {
        let flags = if on { FLAG_EXPLICIT_ASSERT } else { 0 };
        ok_as(s, agent(id), RESET, RESET_MSG, &[GPU_RESET, flags, 0]);
    };
    assert_as(&mut s, 2, true);
    assert_as(&mut s, 3, true);
    assert_as(&mut s, 2, false);
    assert!(s.reset_domain(GPU_RESET as usize).unwrap().asserted);
    assert_as(&mut s, 3, false);
    assert!(!s.reset_domain(GPU_RESET as usize).unwrap().asserted);
}

#[test]
fn the_last_rate_set_wins() {
    let mut s = gpu_shared();
    let set = |s: &mut Server, id, hz: u32| {
        ok_as(s, agent(id), CLOCK, CLOCK_RATE_SET, &[0, GPU_CLOCK, hz, 0]);
    };
    set(&mut s, 2, 200_000_000);
    set(&mut s, 3, 300_000_000);
    assert_eq!(s.clock(GPU_CLOCK as usize).unwrap().rate, 300_000_000);
}

#[test]
fn an_agent_the_server_does_not_serve_is_denied_everything() {
    let two = Agents::new(&["a", "b"]).unwrap();
    let mut s = Server::with_agents(two);
    // Even the Base protocol's version: the channel is answered and handed
    // back, but nothing is served.
    for (protocol, message) in [(BASE, 0u8), (BASE, base::DISCOVER_AGENT), (CLOCK, 0)] {
        fails_as(
            &mut s,
            agent(3),
            protocol,
            message,
            &[u32::MAX],
            Status::Denied,
        );
    }
    assert!(!s.may_use(agent(3), CLOCK, 0));
}

#[test]
fn stats_count_calls_errors_and_denials_per_agent() {
    let mut s = Server::multi_agent();
    ok_as(&mut s, agent(2), BASE, 0, &[]);
    fails_as(&mut s, agent(2), CLOCK, 6, &[0], Status::Denied);
    fails_as(&mut s, agent(2), CLOCK, 6, &[99], Status::NotFound);
    // A channel that was not handed over still counts as a call in error.
    let mut chan = vec![0u8; CHANNEL_SIZE];
    post(&mut chan, MessageHeader::command(BASE, 0, 1).to_word(), &[]);
    chan.write_u32(shmem::STATUS, shmem::STATUS_FREE).unwrap();
    assert_eq!(s.process(agent(2), chan.as_mut_slice()), Outcome::NotOwned);
    let expected = AgentStats {
        calls: 4,
        errors: 3,
        denied: 1,
    };
    assert_eq!(s.stats(agent(2)), expected);
    assert_eq!(s.stats(agent(3)), AgentStats::default());
    assert_eq!(s.stats(AgentId::PRIVILEGED), AgentStats::default());
}

#[test]
fn single_agent_server_serves_one_privileged_agent() {
    let mut s = Server::new();
    assert_eq!(s.agents().count(), 1);
    for device in 0..3 {
        assert!(s.may_use(AgentId::PRIVILEGED, CLOCK, device));
    }
    // No other agent exists to be given anything.
    fails_as(
        &mut s,
        AgentId::PRIVILEGED,
        BASE,
        base::SET_DEVICE_PERMISSIONS,
        &[2, GPU_DEVICE, FLAG_ALLOW],
        Status::NotFound,
    );
    let answer = call_as(&mut s, agent(2), BASE, 0, &[]);
    assert_eq!(answer.status, Status::Denied as i32);
}
