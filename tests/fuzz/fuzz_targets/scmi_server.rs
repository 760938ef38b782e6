//! Arbitrary traffic from several agents through the firmware's SCMI
//! server. Whatever arrives, it must never panic, must hand a channel it
//! was given back free with a length that lies inside the channel, must
//! leave a channel it was not given untouched, and must keep the
//! permission rules: only the privileged agent manages permissions and
//! always has every device, an agent the server does not serve gets
//! DENIED, and a clock or reset command that succeeded came from an agent
//! allowed to use that device through that protocol.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scmi_server::devices::{CLOCK_DEVICE, RESET_DEVICE};
use scmi_server::platform::{DEVICES, MULTI_AGENT_NAMES};
use scmi_server::protocol::{agent_admin, clock, reset, BASE, CLOCK, RESET};
use scmi_server::shmem::{self, SharedMemory};
use scmi_server::{AgentId, Agents, MessageHeader, Outcome, Server, Status, MAX_AGENTS};

/// Room for the longest reply (clock rates) in a well-formed command.
const CHANNEL_SIZE: usize = 0x100;

/// Pops one byte (0 once the input is used up).
fn byte(input: &mut &[u8]) -> u8 {
    match input.split_first() {
        Some((&b, rest)) => {
            *input = rest;
            b
        }
        None => 0,
    }
}

/// Pops a little-endian word, missing bytes being 0.
fn word(input: &mut &[u8]) -> u32 {
    u32::from_le_bytes([byte(input), byte(input), byte(input), byte(input)])
}

/// Pops up to `len` bytes.
fn bytes<'a>(input: &mut &'a [u8], len: usize) -> &'a [u8] {
    let (taken, rest) = input.split_at(len.min(input.len()));
    *input = rest;
    taken
}

/// The channel checks of every call, whatever it carried.
fn check_channel(outcome: Outcome, before: &[u8], chan: &[u8]) {
    match outcome {
        Outcome::NotOwned => assert_eq!(chan, before),
        Outcome::ChannelTooSmall => {
            assert!(chan.len() < shmem::MIN_SIZE);
            if let Some(status) = chan.read_u32(shmem::STATUS) {
                assert_ne!(status & shmem::STATUS_FREE, 0);
            }
        }
        // The fuzzed server is given no fault rules.
        Outcome::Misbehaved => panic!("a fault struck with no fault rule set"),
        Outcome::BadLength | Outcome::Answered(_) => {
            let status = chan.read_u32(shmem::STATUS).unwrap();
            assert_ne!(status & shmem::STATUS_FREE, 0);
            let length = chan.read_u32(shmem::LENGTH).unwrap() as usize;
            assert!(length >= 8 && length % 4 == 0);
            assert!(shmem::HEADER + length <= chan.len());
        }
    }
}

/// A record of raw channel contents: [size][size bytes]. Bit 3 of `op`
/// clears the free bit, so the contents are processed rather than ignored.
fn raw(server: &mut Server, agent: AgentId, op: u8, input: &mut &[u8]) {
    let size = usize::from(byte(input));
    let mut chan = bytes(input, size).to_vec();
    if op & 8 != 0 {
        if let Some(status) = chan.read_u32(shmem::STATUS) {
            let _ = chan.write_u32(shmem::STATUS, status & !shmem::STATUS_FREE);
        }
    }
    let before = chan.clone();
    let outcome = server.process(agent, chan.as_mut_slice());
    check_channel(outcome, &before, &chan);
}

/// A well-formed command: [protocol][message id][parameter count]
/// [parameters, 4 bytes each]. The protocol byte picks Base, Clock or
/// Reset (or, from 3 on, is used as it is), so that the fuzzer spends its
/// time inside the protocols rather than finding their ids.
fn command(server: &mut Server, agent: AgentId, input: &mut &[u8]) {
    let protocol = match byte(input) {
        0 => BASE,
        1 => CLOCK,
        2 => RESET,
        other => other,
    };
    let message = byte(input);
    let count = usize::from(byte(input) % 6);
    let params: Vec<u32> = (0..count).map(|_| word(input)).collect();

    let mut chan = vec![0u8; CHANNEL_SIZE];
    let header = MessageHeader::command(protocol, message, 1).to_word();
    chan.write_u32(shmem::LENGTH, 4 + 4 * count as u32).unwrap();
    chan.write_u32(shmem::HEADER, header).unwrap();
    for (i, p) in params.iter().enumerate() {
        chan.write_u32(shmem::PAYLOAD + 4 * i, *p).unwrap();
    }
    let before = chan.clone();
    let outcome = server.process(agent, chan.as_mut_slice());
    check_channel(outcome, &before, &chan);
    let Outcome::Answered(status) = outcome else {
        panic!("a well-formed command is answered: {outcome:?}");
    };

    if !server.agents().serves(agent) {
        assert_eq!(status, Status::Denied, "unserved agent {}", agent.id());
        return;
    }
    if protocol == BASE && agent_admin::handles(message) && !agent.is_privileged() {
        assert_eq!(status, Status::Denied, "permission message from a domain");
    }
    if status != Status::Success {
        return;
    }
    // A state-touching command that succeeded had its device.
    let owner = |table: &[usize], id: Option<&u32>| {
        let id = usize::try_from(*id.expect("the command had its id")).unwrap();
        Some(
            *table
                .get(id)
                .expect("a command that succeeded named a real id"),
        )
    };
    let device = match (protocol, message) {
        (CLOCK, clock::CLOCK_RATE_GET | clock::CLOCK_CONFIG_SET) => {
            owner(&CLOCK_DEVICE, params.first())
        }
        (CLOCK, clock::CLOCK_RATE_SET) => owner(&CLOCK_DEVICE, params.get(1)),
        (RESET, reset::RESET) => owner(&RESET_DEVICE, params.first()),
        _ => None,
    };
    if let Some(device) = device {
        assert!(
            server.may_use(agent, protocol, device),
            "agent {} used device {device} through {protocol:#x} without permission",
            agent.id()
        );
    }
}

fuzz_target!(|data: &[u8]| {
    // Byte 0: bits [1:0] how many agents the server serves, less one.
    // Then records, each led by a byte whose bits [1:0] pick the sending
    // agent (possibly one the server does not serve) and bit 2 the kind:
    // raw channel contents or a well-formed command.
    let mut input = data;
    let served = usize::from(byte(&mut input) & 3) + 1;
    let names: &'static [&'static str] = &MULTI_AGENT_NAMES;
    let Some(agents) = names.get(..served).and_then(Agents::new) else {
        return;
    };
    let mut server = Server::with_agents(agents);
    while !input.is_empty() {
        let op = byte(&mut input);
        let agent = AgentId::from_channel(usize::from(op & 3) % MAX_AGENTS).unwrap();
        if op & 4 == 0 {
            raw(&mut server, agent, op, &mut input);
        } else {
            command(&mut server, agent, &mut input);
        }
        for device in 0..DEVICES.len() {
            for protocol in [CLOCK, RESET] {
                assert!(server.may_use(AgentId::PRIVILEGED, protocol, device));
            }
        }
    }
});
