//! Multi-agent SCMI: the agent table, the Base management exchange over a
//! channel, and reading a device's access controllers.

use scmi_smc::agents::{
    device_of, AgentError, AgentHint, AgentTable, BaseRequest, Channel, ChannelError, ScmiStatus,
    MAX_AGENTS, MIN_CHANNEL_SIZE,
};
use scmi_smc::call::CallDecision;
use scmi_smc::errno::Errno;
use scmi_smc::log;
use scmi_smc::refusal::Refusal;
use scmi_smc::smccc::FunctionId;

const XEN_SMC: FunctionId = FunctionId(0x8200_0002);
const SMC2: FunctionId = FunctionId(0x8200_0003);
const SMC3: FunctionId = FunctionId(0x8200_0004);
const DOM_A: usize = 0x1000;
const DOM_B: usize = 0x2000;

fn table() -> AgentTable {
    let table = AgentTable::new();
    table.set_privileged(1, XEN_SMC, (0xbff00, 0xbff00));
    table.add(2, SMC2, policy_tests::page(2)).unwrap();
    table.add(3, SMC3, policy_tests::page(3)).unwrap();
    table
}

#[test]
fn only_added_agents_can_be_claimed() {
    let table = AgentTable::new();
    table.set_privileged(1, XEN_SMC, (0xbff00, 0xbff00));
    assert_eq!(table.claim(2, DOM_A, 1), Err(AgentError::Unknown));
    table.add(2, SMC2, policy_tests::page(2)).unwrap();
    assert_eq!(table.claim(2, DOM_A, 1), Ok(()));
}

#[test]
fn a_holder_may_ring_only_its_own_doorbell() {
    let table = table();
    table.claim(2, DOM_A, 1).unwrap();
    table.claim(3, DOM_B, 2).unwrap();
    assert_eq!(table.classify(DOM_A, 0x8200_0003), CallDecision::Forward);
    assert_eq!(table.classify(DOM_A, 0x8200_0004), CallDecision::Refused);
    assert_eq!(table.classify(DOM_B, 0x8200_0004), CallDecision::Forward);
    // Only w0 names the function.
    assert_eq!(
        table.classify(DOM_A, 0xffff_ffff_8200_0003),
        CallDecision::Forward
    );
}

#[test]
fn nobody_rings_xens_doorbell() {
    let table = table();
    table.claim(2, DOM_A, 1).unwrap();
    for token in [DOM_A, DOM_B, 0] {
        assert_eq!(table.classify(token, 0x8200_0002), CallDecision::Refused);
    }
}

#[test]
fn other_ids_are_not_the_mediators() {
    let table = table();
    table.claim(2, DOM_A, 1).unwrap();
    for x0 in [0, 0x8200_0005, 0x8400_0000, 0x8200_0001] {
        assert_eq!(table.classify(DOM_A, x0), CallDecision::NotOurs, "{x0:#x}");
    }
}

#[test]
fn a_domain_without_an_agent_is_refused_every_agent() {
    let table = table();
    assert_eq!(table.classify(DOM_A, 0x8200_0003), CallDecision::Refused);
    assert_eq!(table.classify(DOM_A, 0x8200_0004), CallDecision::Refused);
}

#[test]
fn a_holder_gets_the_hint_of_its_entry() {
    let table = table();
    assert_eq!(table.hint_for(DOM_A), AgentHint::NONE);
    table.claim(3, DOM_A, 1).unwrap();
    let hint = table.hint_for(DOM_A);
    assert_ne!(hint, AgentHint::NONE);
    assert_eq!(
        table.classify_hinted(DOM_A, hint, 0x8200_0004),
        CallDecision::Forward
    );
    table.release(DOM_A);
    assert_eq!(table.hint_for(DOM_A), AgentHint::NONE);
}

/// The hint only shortens the search: whatever a domain kept (its own
/// entry's, another's, a stale or a made-up one), every call is decided as
/// the full search decides it.
#[test]
fn any_hint_decides_as_the_full_search() {
    let table = table();
    table.claim(2, DOM_A, 1).unwrap();
    table.claim(3, DOM_B, 2).unwrap();
    let hints = (0..MAX_AGENTS + 3)
        .chain([usize::MAX, usize::MAX - 1])
        .map(AgentHint::from_raw);
    for hint in hints {
        for token in [DOM_A, DOM_B, 0x3000, 0] {
            for x0 in [
                0,
                0x8200_0002,
                0x8200_0003,
                0x8200_0004,
                0x8200_0005,
                0xffff_ffff_8200_0004,
                0x8400_0000,
            ] {
                assert_eq!(
                    table.classify_hinted(token, hint, x0),
                    table.classify(token, x0),
                    "token {token:#x} hint {hint:?} x0 {x0:#x}"
                );
            }
        }
    }
}

#[test]
fn claims_are_checked() {
    let table = table();
    assert_eq!(table.claim(1, DOM_A, 1), Err(AgentError::Privileged));
    assert_eq!(table.claim(4, DOM_A, 1), Err(AgentError::Unknown));
    assert_eq!(table.claim(0, DOM_A, 1), Err(AgentError::Unknown));
    table.claim(2, DOM_A, 1).unwrap();
    assert_eq!(table.claim(2, DOM_B, 2), Err(AgentError::Busy(1)));
    assert_eq!(table.held_by(DOM_A), Some(2));
    assert_eq!(table.held_by(DOM_B), None);
}

#[test]
fn release_frees_the_agent_for_the_next_domain() {
    let table = table();
    table.claim(2, DOM_A, 1).unwrap();
    assert_eq!(table.release(DOM_B), None);
    assert_eq!(table.release(DOM_A), Some(2));
    assert_eq!(table.release(DOM_A), None, "a second release is a no-op");
    assert_eq!(table.classify(DOM_A, 0x8200_0003), CallDecision::Refused);
    table.claim(2, DOM_B, 3).unwrap();
    assert_eq!(table.classify(DOM_B, 0x8200_0003), CallDecision::Forward);
}

#[test]
fn the_table_refuses_bad_agents() {
    let table = table();
    assert_eq!(
        table.add(2, FunctionId(0x8200_0009), policy_tests::page(2)),
        Err(AgentError::Duplicate)
    );
    assert_eq!(
        table.add(9, SMC2, policy_tests::page(9)),
        Err(AgentError::Duplicate)
    );
    assert_eq!(
        table.add(1, FunctionId(0x8200_0009), policy_tests::page(1)),
        Err(AgentError::Duplicate)
    );
    assert_eq!(
        table.add(9, XEN_SMC, policy_tests::page(9)),
        Err(AgentError::Duplicate)
    );
    assert_eq!(
        table.add(9, FunctionId(0x0200_0009), policy_tests::page(9)),
        Err(AgentError::BadSmcId)
    );
    assert_eq!(
        table.add(9, FunctionId(0x8400_0009), policy_tests::page(9)),
        Err(AgentError::BadSmcId)
    );
    for n in 2..MAX_AGENTS as u32 {
        table
            .add(
                10 + n,
                FunctionId(0x8200_0100 + n),
                policy_tests::page(10 + n),
            )
            .unwrap();
    }
    assert_eq!(
        table.add(99, FunctionId(0x8200_0999), policy_tests::page(99)),
        Err(AgentError::Full)
    );
}

/// A channel whose firmware answers as `answer` says.
struct Fake {
    words: [u32; 16],
    answer: fn(&mut [u32; 16]),
}

impl Channel for Fake {
    fn read(&mut self, offset: usize) -> u32 {
        assert!(offset % 4 == 0 && offset + 4 <= MIN_CHANNEL_SIZE as usize);
        self.words[offset / 4]
    }
    fn write(&mut self, offset: usize, value: u32) {
        assert!(offset % 4 == 0 && offset + 4 <= MIN_CHANNEL_SIZE as usize);
        self.words[offset / 4] = value;
    }
}

fn fake(answer: fn(&mut [u32; 16])) -> Fake {
    let mut words = [0; 16];
    words[1] = 1; // channel free
    Fake { words, answer }
}

/// The doorbell SMC: the firmware answers in the channel and returns 0.
fn ring(channel: &mut Fake) -> u64 {
    (channel.answer)(&mut channel.words);
    0
}

/// Answers SUCCESS and, for DISCOVER_AGENT, the agent id 7.
fn success(words: &mut [u32; 16]) {
    let discover = words[6] & 0xff == 0x7;
    words[7] = 0;
    words[8] = 7;
    words[5] = if discover { 12 } else { 8 };
    words[1] = 1;
}

#[test]
fn requests_are_laid_out_as_the_transport_says() {
    let mut seen = [0u32; 16];
    let mut channel = fake(|_| {});
    let request = BaseRequest::SetDevicePermissions {
        agent: 2,
        device: 1,
        allow: true,
    };
    let _ = request.exchange(&mut channel, |c| {
        seen = c.words;
        0
    });
    // header: message 0x9, type 0, protocol 0x10 in bits 17:10
    assert_eq!(seen[6], 0x9 | (0x10 << 10));
    assert_eq!(seen[5], 16, "length: header and three parameters");
    assert_eq!(&seen[7..10], &[2, 1, 1]);
    assert_eq!(seen[1] & 1, 0, "the channel is handed to the firmware");
    assert_eq!(seen[4], 0, "polling: no completion interrupt");

    let reset = BaseRequest::ResetAgentConfiguration { agent: 3 };
    let mut channel = fake(|_| {});
    let _ = reset.exchange(&mut channel, |c| {
        seen = c.words;
        0
    });
    assert_eq!(seen[6] & 0xff, 0xb);
    assert_eq!(seen[5], 12);
    assert_eq!(&seen[7..9], &[3, 1], "flag bit 0: permissions too");
}

#[test]
fn an_answer_gives_the_word_after_the_status() {
    let mut channel = fake(success);
    let request = BaseRequest::DiscoverAgent { agent: 0xffff_ffff };
    assert_eq!(request.exchange(&mut channel, ring), Ok(7));
    let mut channel = fake(success);
    let reset = BaseRequest::ResetAgentConfiguration { agent: 2 };
    assert_eq!(reset.exchange(&mut channel, ring), Ok(0));
}

#[test]
fn firmware_errors_are_reported() {
    let mut channel = fake(|w| {
        w[7] = (-3i32) as u32;
        w[5] = 8;
        w[1] = 1;
    });
    let request = BaseRequest::DiscoverAgent { agent: 9 };
    assert_eq!(
        request.exchange(&mut channel, ring),
        Err(ChannelError::Status(ScmiStatus::DENIED))
    );

    let mut busy = fake(success);
    busy.words[1] = 0;
    assert_eq!(request.exchange(&mut busy, ring), Err(ChannelError::Busy));

    let mut silent = fake(|_| {});
    assert_eq!(
        request.exchange(&mut silent, ring),
        Err(ChannelError::NoResponse)
    );

    let mut error = fake(|w| {
        success(w);
        w[1] = 3;
    });
    assert_eq!(
        request.exchange(&mut error, ring),
        Err(ChannelError::NoResponse)
    );

    let mut other = fake(|w| {
        success(w);
        w[6] ^= 1;
    });
    assert_eq!(
        request.exchange(&mut other, ring),
        Err(ChannelError::Malformed)
    );

    let mut short = fake(|w| {
        success(w);
        w[5] = 4;
    });
    assert_eq!(
        request.exchange(&mut short, ring),
        Err(ChannelError::Malformed)
    );
}

#[test]
fn a_failed_doorbell_is_reported_even_with_an_answer_in_the_channel() {
    let request = BaseRequest::DiscoverAgent { agent: 9 };
    let mut channel = fake(success);
    let not_supported = |c: &mut Fake| {
        ring(c);
        u64::MAX
    };
    assert_eq!(
        request.exchange(&mut channel, not_supported),
        Err(ChannelError::Doorbell)
    );
}

#[test]
fn an_entry_naming_xens_scmi_node_gives_the_device_id() {
    assert_eq!(device_of(true, &[7]), Ok(Some(7)));
    assert_eq!(device_of(true, &[0]), Ok(Some(0)));
}

#[test]
fn other_controllers_entries_are_not_the_mediators() {
    assert_eq!(device_of(false, &[7]), Ok(None));
    assert_eq!(device_of(false, &[1, 2, 3]), Ok(None));
    assert_eq!(device_of(false, &[]), Ok(None));
}

#[test]
fn scmi_entries_must_have_one_cell() {
    let bad = |cells| Err(Refusal::new(Errno::EINVAL, &log::ASSIGN_BAD_ENTRY, cells));
    assert_eq!(device_of(true, &[]), bad(0));
    assert_eq!(device_of(true, &[1, 2]), bad(2));
}
