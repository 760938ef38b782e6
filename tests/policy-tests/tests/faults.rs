//! A firmware that misbehaves on the Base messages Xen sends: what Xen
//! reads from each answer, how its channel recovers from an unanswered
//! message, and the rule that an agent whose reset failed goes to no later
//! domain unless the integrator says so.

use scmi_smc::agents::{
    confirm_agent, AgentTable, BaseRequest, Channel, ChannelError, Confirmation, ResetOutcome,
    ScmiStatus, Sender, UnresetAgents, MIN_CHANNEL_SIZE,
};
use scmi_smc::errno::Errno;
use scmi_smc::lifecycle::{domain_init_multi_agent, DomainInfo, InitOutcome};
use scmi_smc::log;
use scmi_smc::refusal::Refusal;
use scmi_smc::smccc::FunctionId;

const MULTI: u8 = 2;

fn dom(id: u16) -> DomainInfo {
    DomainInfo {
        token: 0x1000 * (usize::from(id) + 1),
        id,
        is_hardware: false,
    }
}

fn table() -> AgentTable {
    let table = AgentTable::new();
    table.set_privileged(1, FunctionId(0x8200_0002), (0xbff00, 0xbff00));
    for agent in [2, 3] {
        table
            .add(
                agent,
                FunctionId(0x8200_0001 + agent),
                policy_tests::page(agent),
            )
            .unwrap();
    }
    table
}

/// The ten error statuses of the SCMI specification, by value and name.
const STATUSES: [(i32, &str); 10] = [
    (-1, "NOT_SUPPORTED"),
    (-2, "INVALID_PARAMETERS"),
    (-3, "DENIED"),
    (-4, "NOT_FOUND"),
    (-5, "OUT_OF_RANGE"),
    (-6, "BUSY"),
    (-7, "COMMS_ERROR"),
    (-8, "GENERIC_ERROR"),
    (-9, "HARDWARE_ERROR"),
    (-10, "PROTOCOL_ERROR"),
];

fn reason(err: ChannelError) -> &'static str {
    err.reason().to_str().unwrap()
}

#[test]
fn each_status_is_named_in_the_line() {
    for (value, name) in STATUSES {
        assert_eq!(reason(ChannelError::Status(ScmiStatus(value))), name);
    }
    assert_eq!(
        reason(ChannelError::Status(ScmiStatus(-200))),
        "an unknown status"
    );
    let others = [
        ChannelError::Busy,
        ChannelError::NoResponse,
        ChannelError::Malformed,
        ChannelError::Doorbell,
    ];
    let mut all: Vec<_> = others.iter().map(|e| reason(*e)).collect();
    all.extend(STATUSES.iter().map(|(_, name)| *name));
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), count, "each fault reads differently");
}

#[test]
fn a_discovery_is_confirmed_only_by_the_agents_own_id() {
    assert_eq!(confirm_agent(5, Ok(5)), Confirmation::Confirmed);
    assert_eq!(
        confirm_agent(5, Err(ChannelError::Status(ScmiStatus::NOT_FOUND))),
        Confirmation::Unknown
    );
    let Confirmation::Failed(why) = confirm_agent(5, Ok(6)) else {
        panic!("another agent's id confirms nothing");
    };
    assert_eq!(why.to_str().unwrap(), "answer names another agent");
    for (value, name) in STATUSES.into_iter().filter(|(v, _)| *v != -4) {
        let err = ChannelError::Status(ScmiStatus(value));
        assert_eq!(
            confirm_agent(5, Err(err)),
            Confirmation::Failed(err.reason()),
            "{name}"
        );
    }
    for err in [ChannelError::NoResponse, ChannelError::Malformed] {
        assert_eq!(
            confirm_agent(5, Err(err)),
            Confirmation::Failed(err.reason())
        );
    }
}

/// A channel whose firmware answers DISCOVER_AGENT with the agent asked
/// about, except while `silent`, when it returns without a word and
/// leaves the channel busy.
struct Firmware {
    words: [u32; 16],
    silent: bool,
    rung: u32,
}

impl Channel for Firmware {
    fn read(&mut self, offset: usize) -> u32 {
        assert!(offset % 4 == 0 && offset + 4 <= MIN_CHANNEL_SIZE as usize);
        self.words[offset / 4]
    }
    fn write(&mut self, offset: usize, value: u32) {
        assert!(offset % 4 == 0 && offset + 4 <= MIN_CHANNEL_SIZE as usize);
        self.words[offset / 4] = value;
    }
}

fn firmware() -> Firmware {
    let mut words = [0; 16];
    words[1] = 1;
    Firmware {
        words,
        silent: false,
        rung: 0,
    }
}

fn ring(fw: &mut Firmware) -> u64 {
    fw.rung += 1;
    if !fw.silent {
        let agent = fw.words[7];
        fw.words[7] = 0;
        fw.words[8] = agent;
        fw.words[5] = 12;
        fw.words[1] = 1;
    }
    0
}

fn discover(agent: u32) -> BaseRequest {
    BaseRequest::DiscoverAgent { agent }
}

#[test]
fn an_unanswered_message_costs_only_itself() {
    let mut fw = firmware();
    let mut sender = Sender::new();
    assert_eq!(sender.send(discover(2), &mut fw, ring), Ok(2));
    fw.silent = true;
    assert_eq!(
        sender.send(discover(3), &mut fw, ring),
        Err(ChannelError::NoResponse)
    );
    assert_eq!(fw.words[1] & 1, 0, "the firmware kept the channel");
    fw.silent = false;
    assert_eq!(sender.send(discover(4), &mut fw, ring), Ok(4));
    assert_eq!(sender.send(discover(5), &mut fw, ring), Ok(5));
    assert_eq!(fw.rung, 4, "every message rang once");
}

#[test]
fn a_channel_busy_for_another_reason_stays_refused() {
    // Without an unanswered message of its own before, the sender does
    // not take a busy channel: nothing was rung.
    let mut fw = firmware();
    fw.words[1] = 0;
    let mut sender = Sender::new();
    assert_eq!(
        sender.send(discover(2), &mut fw, ring),
        Err(ChannelError::Busy)
    );
    assert_eq!(fw.rung, 0);
    // Nor after an answered one; a malformed answer hands the channel
    // back, so it is free for the next message anyway.
    let mut fw = firmware();
    assert_eq!(sender.send(discover(2), &mut fw, ring), Ok(2));
    fw.words[1] = 0;
    assert_eq!(
        sender.send(discover(3), &mut fw, ring),
        Err(ChannelError::Busy)
    );
}

#[test]
fn an_agent_whose_reset_failed_goes_to_no_later_domain() {
    let table = table();
    let unreset = UnresetAgents::new();
    let init = |d: u16, agent: u8| domain_init_multi_agent(&table, &unreset, &dom(d), MULTI, agent);
    assert_eq!(init(1, 2), Ok(InitOutcome::Owner));
    assert_eq!(init(2, 3), Ok(InitOutcome::Owner));

    // d1's agent is not reset: marked, then released.
    let outcome = unreset.record(2, Err(ChannelError::NoResponse), false);
    assert_eq!(outcome, ResetOutcome::KeptBack(c"no answer"));
    assert_eq!(table.release(dom(1).token), Some(2));
    // d2's is.
    assert_eq!(unreset.record(3, Ok(0), false), ResetOutcome::Reset);
    assert_eq!(table.release(dom(2).token), Some(3));

    for d in [3, 4] {
        assert_eq!(
            init(d, 2),
            Err(Refusal::new(Errno::EBUSY, &log::INIT_AGENT_UNRESET, 2))
        );
        // The refused domain holds nothing: the agent stays free of
        // holders, only kept back.
        assert_eq!(table.held_by(dom(d).token), None);
    }
    // Agent 3 was reset: the next domain gets it.
    assert_eq!(init(5, 3), Ok(InitOutcome::Owner));
    assert_eq!(table.held_by(dom(5).token), Some(3));
    assert!(unreset.is_unreset(2) && !unreset.is_unreset(3));
}

#[test]
fn the_integrator_may_reuse_an_agent_whose_reset_failed() {
    let table = table();
    let unreset = UnresetAgents::new();
    let init = |d: u16| domain_init_multi_agent(&table, &unreset, &dom(d), MULTI, 2);
    assert_eq!(init(1), Ok(InitOutcome::Owner));
    let status = Err(ChannelError::Status(ScmiStatus(-9)));
    assert_eq!(
        unreset.record(2, status, true),
        ResetOutcome::Reused(c"HARDWARE_ERROR")
    );
    table.release(dom(1).token);
    assert_eq!(init(2), Ok(InitOutcome::Owner));
    assert!(!unreset.is_unreset(2));
}

#[test]
fn every_agent_id_has_its_own_mark() {
    let unreset = UnresetAgents::new();
    for agent in [0, 1, 63, 64, 127, 128, 254, 255] {
        assert!(!unreset.is_unreset(agent));
        unreset.record(agent, Err(ChannelError::Malformed), false);
        assert!(unreset.is_unreset(agent));
    }
    for agent in [2, 62, 65, 200] {
        assert!(!unreset.is_unreset(agent), "{agent}");
    }
    // Ids the firmware cannot name are never marked.
    unreset.record(256, Err(ChannelError::Malformed), false);
    assert!(!unreset.is_unreset(256));
}
