//! Helpers shared by the host tests: an agent's view of a channel in a
//! plain byte array.

#![allow(dead_code)]

use scmi_server::shmem::{self, SharedMemory};
use scmi_server::{AgentId, MessageHeader, Outcome, Server, Status};

/// The size of the real channel (0x1000 at 0xBFF00000).
pub const CHANNEL_SIZE: usize = 0x1000;

/// A reply as the agent reads it back.
#[derive(Debug)]
pub struct Answer {
    pub outcome: Outcome,
    pub status_word: u32,
    pub length: u32,
    pub header: u32,
    /// Payload words after the status word.
    pub values: Vec<u32>,
    pub status: i32,
}

/// Writes a command into `chan` the way an agent does (channel busy,
/// length, header, parameters).
pub fn post(chan: &mut [u8], header: u32, params: &[u32]) {
    chan.write_u32(shmem::STATUS, 0).unwrap();
    chan.write_u32(shmem::FLAGS, 0).unwrap();
    chan.write_u32(shmem::LENGTH, 4 + 4 * params.len() as u32)
        .unwrap();
    chan.write_u32(shmem::HEADER, header).unwrap();
    for (i, p) in params.iter().enumerate() {
        chan.write_u32(shmem::PAYLOAD + 4 * i, *p).unwrap();
    }
}

/// Reads the reply out of `chan`.
pub fn read_answer(chan: &[u8], outcome: Outcome) -> Answer {
    let length = chan.read_u32(shmem::LENGTH).unwrap();
    let words = (length as usize).saturating_sub(4) / 4;
    let payload: Vec<u32> = (0..words)
        .map(|i| chan.read_u32(shmem::PAYLOAD + 4 * i).unwrap())
        .collect();
    Answer {
        outcome,
        status_word: chan.read_u32(shmem::STATUS).unwrap(),
        length,
        header: chan.read_u32(shmem::HEADER).unwrap(),
        status: payload.first().copied().unwrap_or(0) as i32,
        values: payload.get(1..).unwrap_or(&[]).to_vec(),
    }
}

/// Sends one command from the privileged agent (the only agent of a
/// single-agent server) and returns the reply; see [`call_as`].
pub fn call(server: &mut Server, protocol: u8, message: u8, params: &[u32]) -> Answer {
    call_as(server, AgentId::PRIVILEGED, protocol, message, params)
}

/// Sends one command from `agent` and returns the reply, checking what
/// every reply must satisfy: channel free, no error bit, header
/// untouched, length consistent.
pub fn call_as(
    server: &mut Server,
    agent: AgentId,
    protocol: u8,
    message: u8,
    params: &[u32],
) -> Answer {
    let mut chan = vec![0xa5u8; CHANNEL_SIZE];
    let header = MessageHeader::command(protocol, message, 0x2a5).to_word();
    post(&mut chan, header, params);
    let outcome = server.process(agent, chan.as_mut_slice());
    let answer = read_answer(&chan, outcome);
    assert_eq!(
        answer.status_word,
        shmem::STATUS_FREE,
        "channel handed back"
    );
    assert_eq!(answer.header, header, "header preserved");
    assert_eq!(answer.length as usize, 8 + 4 * answer.values.len());
    assert_eq!(answer.outcome, Outcome::Answered(status_of(answer.status)));
    answer
}

/// Sends one command that must succeed and returns its return values.
pub fn ok(server: &mut Server, protocol: u8, message: u8, params: &[u32]) -> Vec<u32> {
    ok_as(server, AgentId::PRIVILEGED, protocol, message, params)
}

/// [`ok`] from `agent`.
pub fn ok_as(
    server: &mut Server,
    agent: AgentId,
    protocol: u8,
    message: u8,
    params: &[u32],
) -> Vec<u32> {
    let answer = call_as(server, agent, protocol, message, params);
    assert_eq!(
        answer.status,
        0,
        "status of {protocol:#x}/{message:#x} {params:x?} from agent {}",
        agent.id()
    );
    answer.values
}

/// Sends one command that must fail with `expected` and carry nothing else.
pub fn fails(server: &mut Server, protocol: u8, message: u8, params: &[u32], expected: Status) {
    fails_as(
        server,
        AgentId::PRIVILEGED,
        protocol,
        message,
        params,
        expected,
    )
}

/// [`fails`] from `agent`.
pub fn fails_as(
    server: &mut Server,
    agent: AgentId,
    protocol: u8,
    message: u8,
    params: &[u32],
    expected: Status,
) {
    let answer = call_as(server, agent, protocol, message, params);
    assert_eq!(
        answer.status,
        expected as i32,
        "status of {protocol:#x}/{message:#x} {params:x?} from agent {}",
        agent.id()
    );
    assert!(answer.values.is_empty(), "an error carries no values");
}

/// Agent `id` (1 to MAX_AGENTS).
pub fn agent(id: u32) -> AgentId {
    AgentId::new(id).expect("a valid agent id")
}

/// Decodes a 16-byte name from four words.
pub fn name(words: &[u32]) -> String {
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    assert_eq!(bytes.len(), 16);
    assert!(bytes.contains(&0), "name is NUL terminated");
    let end = bytes.iter().position(|&b| b == 0).unwrap();
    String::from_utf8(bytes[..end].to_vec()).unwrap()
}

fn status_of(code: i32) -> Status {
    [
        Status::Success,
        Status::NotSupported,
        Status::InvalidParameters,
        Status::Denied,
        Status::NotFound,
        Status::OutOfRange,
        Status::Busy,
        Status::CommsError,
        Status::GenericError,
        Status::HardwareError,
        Status::ProtocolError,
    ]
    .into_iter()
    .find(|s| *s as i32 == code)
    .expect("a known status code")
}
