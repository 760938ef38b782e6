//! Fault rules: a Base message about a named agent gets the rule's fault
//! instead of its answer; every other message is served as before.

use scmi_server::shmem::{HEADER, LENGTH, PAYLOAD, STATUS, STATUS_FREE};
use scmi_server::{AgentId, Fault, FaultRule, Outcome, Server, SharedMemory, Status};

const DISCOVER: u8 = 0x7;
const RESET: u8 = 0xb;
const XEN: AgentId = AgentId::PRIVILEGED;

/// The channel after the privileged agent sent Base message `message` with
/// parameters `params`, and what the server made of it.
fn send(server: &mut Server, message: u8, params: &[u32]) -> ([u8; 0x80], Outcome) {
    let mut mem = [0u8; 0x80];
    let buf = mem.as_mut_slice();
    buf.write_u32(STATUS, 0).unwrap();
    buf.write_u32(LENGTH, 4 + 4 * params.len() as u32).unwrap();
    buf.write_u32(HEADER, u32::from(message) | (0x10 << 10) | (5 << 18))
        .unwrap();
    for (i, word) in params.iter().enumerate() {
        buf.write_u32(PAYLOAD + 4 * i, *word).unwrap();
    }
    let outcome = server.process(XEN, buf);
    (mem, outcome)
}

fn word(mem: &[u8; 0x80], offset: usize) -> u32 {
    mem.as_slice().read_u32(offset).unwrap()
}

fn rule(text: &str) -> FaultRule {
    FaultRule::parse(text).unwrap_or_else(|| panic!("{text:?}"))
}

fn server_with(rules: &[&str]) -> Server {
    let mut server = Server::multi_agent();
    for text in rules {
        assert!(server.faults_mut().add(rule(text)));
    }
    server
}

#[test]
fn rules_are_read_from_text() {
    assert_eq!(
        rule("discover-agent 3 denied"),
        FaultRule {
            message: DISCOVER,
            agent: 3,
            fault: Fault::Status(Status::Denied)
        }
    );
    assert_eq!(rule(" reset-agent  2 no-answer ").fault, Fault::NoAnswer);
    assert_eq!(rule("reset-agent 2 no-answer").message, RESET);
    for bad in [
        "",
        "discover-agent",
        "discover-agent 3",
        "discover-agent x denied",
        "discover-agent 3 sulking",
        "version 3 denied",
        "discover-agent 3 denied now",
    ] {
        assert_eq!(FaultRule::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn every_error_status_can_be_answered() {
    let names = [
        ("not-supported", -1),
        ("invalid-parameters", -2),
        ("denied", -3),
        ("not-found", -4),
        ("out-of-range", -5),
        ("busy", -6),
        ("comms-error", -7),
        ("generic-error", -8),
        ("hardware-error", -9),
        ("protocol-error", -10),
    ];
    for (name, value) in names {
        let mut server = server_with(&[&format!("discover-agent 2 {name}")]);
        let (mem, outcome) = send(&mut server, DISCOVER, &[2]);
        assert_eq!(word(&mem, STATUS), STATUS_FREE, "{name}");
        assert_eq!(word(&mem, LENGTH), 8, "{name}");
        assert_eq!(word(&mem, PAYLOAD) as i32, value, "{name}");
        assert!(outcome.is_error());
        let stats = server.stats(XEN);
        assert_eq!((stats.calls, stats.errors), (1, 1), "{name}");
        assert_eq!(stats.denied, u64::from(value == -3), "{name}");
    }
}

#[test]
fn garbage_and_silence() {
    let sent_header = u32::from(DISCOVER) | (0x10 << 10) | (5 << 18);
    let mut server = server_with(&["discover-agent 2 bad-length"]);
    let (mem, outcome) = send(&mut server, DISCOVER, &[2]);
    assert_eq!(outcome, Outcome::Misbehaved);
    assert_eq!(word(&mem, LENGTH), 4);
    assert_eq!(word(&mem, HEADER), sent_header);

    let mut server = server_with(&["discover-agent 2 bad-token"]);
    let (mem, _) = send(&mut server, DISCOVER, &[2]);
    assert_eq!(word(&mem, HEADER), sent_header ^ (1 << 18));
    assert_eq!((word(&mem, PAYLOAD), word(&mem, PAYLOAD + 4)), (0, 2));

    let mut server = server_with(&["discover-agent 2 bad-protocol"]);
    let (mem, _) = send(&mut server, DISCOVER, &[2]);
    assert_eq!(
        word(&mem, HEADER),
        u32::from(DISCOVER) | (0x14 << 10) | (5 << 18)
    );
    assert_eq!(word(&mem, LENGTH), 12);

    let mut server = server_with(&["reset-agent 2 no-answer"]);
    let (mem, outcome) = send(&mut server, RESET, &[2, 1]);
    assert_eq!(outcome, Outcome::Misbehaved);
    assert_eq!(word(&mem, STATUS), 0, "left with the platform");
    assert_eq!(word(&mem, LENGTH), 12, "as the agent wrote it");
    assert_eq!(word(&mem, PAYLOAD + 4), 1);
    let stats = server.stats(XEN);
    assert_eq!((stats.calls, stats.errors, stats.denied), (1, 1, 0));
}

#[test]
fn only_the_named_message_about_the_named_agent_is_struck() {
    let mut server = server_with(&["discover-agent 3 denied", "reset-agent 2 no-answer"]);
    // Another agent, another message: served.
    let (mem, outcome) = send(&mut server, DISCOVER, &[2]);
    assert_eq!(outcome, Outcome::Answered(Status::Success));
    assert_eq!(word(&mem, PAYLOAD + 4), 2);
    let (_, outcome) = send(&mut server, RESET, &[3, 1]);
    assert_eq!(outcome, Outcome::Answered(Status::Success));
    let (_, outcome) = send(&mut server, DISCOVER, &[3]);
    assert_eq!(outcome, Outcome::Answered(Status::Denied));
    // Twice: struck twice.
    send(&mut server, RESET, &[2, 1]);
    send(&mut server, RESET, &[2, 1]);
    let hits: Vec<_> = server.faults().hits().map(|(r, n)| (r.agent, n)).collect();
    assert_eq!(hits, [(3, 1), (2, 2)]);
}

#[test]
fn a_struck_reset_is_not_carried_out() {
    // Agent 2 is granted device 1, then its reset gets an error: the
    // permission stays, which is why Xen must not reuse the agent.
    let mut server = server_with(&["reset-agent 2 hardware-error"]);
    let (_, granted) = send(&mut server, 0x9, &[2, 1, 1]);
    assert_eq!(granted, Outcome::Answered(Status::Success));
    let (_, reset) = send(&mut server, RESET, &[2, 1]);
    assert_eq!(reset, Outcome::Answered(Status::HardwareError));
    let uart_clock = 1;
    assert!(server.may_use(AgentId::new(2).unwrap(), 0x14, uart_clock));
}
