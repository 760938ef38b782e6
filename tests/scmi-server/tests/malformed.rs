//! Channel-level faults: bad lengths, foreign protocols, wrong message
//! types, channels not handed over, tiny channels.

mod common;

use common::{call, post, read_answer, CHANNEL_SIZE};
use scmi_server::shmem::{self, SharedMemory};
use scmi_server::{AgentId, MessageHeader, Outcome, Server, Status};

fn version_header() -> u32 {
    MessageHeader::command(0x10, 0, 7).to_word()
}

#[test]
fn unknown_protocols_are_not_supported() {
    let mut s = Server::new();
    for proto in [0x00u8, 0x11, 0x12, 0x13, 0x15, 0x17, 0x19, 0x80, 0xff] {
        let answer = call(&mut s, proto, 0, &[]);
        assert_eq!(
            answer.status,
            Status::NotSupported as i32,
            "protocol {proto:#x}"
        );
    }
}

#[test]
fn non_command_types_are_refused() {
    let mut s = Server::new();
    for ty in 1..=3u32 {
        let mut chan = vec![0u8; CHANNEL_SIZE];
        post(&mut chan, version_header() | (ty << 8), &[]);
        let outcome = s.process(AgentId::PRIVILEGED, chan.as_mut_slice());
        assert_eq!(outcome, Outcome::Answered(Status::NotSupported));
        let answer = read_answer(&chan, outcome);
        assert_eq!((answer.length, answer.status), (8, -1));
    }
}

fn with_length(length: u32) -> (Outcome, Vec<u8>) {
    let mut chan = vec![0u8; CHANNEL_SIZE];
    post(&mut chan, version_header(), &[]);
    chan.write_u32(shmem::LENGTH, length).unwrap();
    let outcome = Server::new().process(AgentId::PRIVILEGED, chan.as_mut_slice());
    (outcome, chan)
}

#[test]
fn bad_lengths_get_comms_error_and_free_channel() {
    let longest = (CHANNEL_SIZE - shmem::HEADER) as u32;
    for length in [0, 1, 3, longest + 1, longest + 4, 0x10_0000, u32::MAX] {
        let (outcome, chan) = with_length(length);
        assert_eq!(outcome, Outcome::BadLength, "length {length:#x}");
        assert!(outcome.is_error());
        let answer = read_answer(&chan, outcome);
        assert_eq!(answer.status_word, shmem::STATUS_FREE | shmem::STATUS_ERROR);
        assert_eq!(
            (answer.length, answer.status),
            (8, Status::CommsError as i32)
        );
        assert_eq!(answer.header, version_header());
    }
}

#[test]
fn odd_but_valid_lengths_are_answered() {
    let longest = (CHANNEL_SIZE - shmem::HEADER) as u32;
    for length in [4, 5, 7, longest] {
        let (outcome, chan) = with_length(length);
        assert_eq!(
            outcome,
            Outcome::Answered(Status::Success),
            "length {length}"
        );
        assert_eq!(chan.read_u32(shmem::STATUS), Some(shmem::STATUS_FREE));
    }
}

#[test]
fn a_channel_not_handed_over_is_left_alone() {
    let mut chan = vec![0x5au8; CHANNEL_SIZE];
    post(&mut chan, version_header(), &[]);
    chan.write_u32(shmem::STATUS, shmem::STATUS_FREE).unwrap();
    let before = chan.clone();
    let outcome = Server::new().process(AgentId::PRIVILEGED, chan.as_mut_slice());
    assert_eq!(outcome, Outcome::NotOwned);
    assert!(outcome.is_error());
    assert_eq!(chan, before);
}

#[test]
fn tiny_channels_do_not_break_the_server() {
    for size in 0..shmem::MIN_SIZE {
        let mut chan = vec![0u8; size];
        let outcome = Server::new().process(AgentId::PRIVILEGED, chan.as_mut_slice());
        assert_eq!(outcome, Outcome::ChannelTooSmall, "size {size}");
        if size >= 8 {
            assert_eq!(chan.read_u32(shmem::STATUS), Some(shmem::STATUS_FREE));
        }
    }
}

#[test]
fn a_minimal_channel_still_answers() {
    let mut chan = vec![0u8; shmem::MIN_SIZE];
    post(&mut chan, version_header(), &[]);
    let outcome = Server::new().process(AgentId::PRIVILEGED, chan.as_mut_slice());
    // The version does not fit beside the status: the reply degrades to an
    // error status instead of overflowing.
    assert_eq!(outcome, Outcome::Answered(Status::GenericError));
    assert_eq!(chan.read_u32(shmem::LENGTH), Some(8));
    assert_eq!(chan.read_u32(shmem::STATUS), Some(shmem::STATUS_FREE));
}

#[test]
fn small_channels_page_clock_rates_shorter() {
    // Room for the status, the flags and two rates.
    let size = shmem::PAYLOAD + 4 * 6;
    let mut chan = vec![0u8; size];
    post(
        &mut chan,
        MessageHeader::command(0x14, 4, 1).to_word(),
        &[0, 0],
    );
    let outcome = Server::new().process(AgentId::PRIVILEGED, chan.as_mut_slice());
    assert_eq!(outcome, Outcome::Answered(Status::Success));
    let answer = read_answer(&chan, outcome);
    assert_eq!(answer.values[0], (8 << 16) | 2);
    assert_eq!(answer.length as usize, 4 + 4 * 6);
}

#[test]
fn channel_flags_and_reserved_words_are_untouched() {
    let mut chan = vec![0u8; CHANNEL_SIZE];
    post(&mut chan, version_header(), &[]);
    chan.write_u32(0, 0xdead_beef).unwrap();
    chan.write_u32(8, 0x1234_5678).unwrap();
    chan.write_u32(shmem::FLAGS, 1).unwrap();
    Server::new().process(AgentId::PRIVILEGED, chan.as_mut_slice());
    assert_eq!(chan.read_u32(0), Some(0xdead_beef));
    assert_eq!(chan.read_u32(8), Some(0x1234_5678));
    assert_eq!(chan.read_u32(shmem::FLAGS), Some(1));
}

#[test]
fn header_round_trip() {
    let h = MessageHeader::command(0x14, 0x7, 0x3ff);
    assert_eq!(MessageHeader::from_word(h.to_word()), h);
    assert_eq!(h.to_word(), 0x7 | (0x14 << 10) | (0x3ff << 18));
    // Reserved bits [31:28] are ignored on decode.
    assert_eq!(MessageHeader::from_word(h.to_word() | 0xf000_0000), h);
}

#[test]
fn word_access_rejects_unaligned_and_out_of_range() {
    let mut chan = vec![0u8; 16];
    assert_eq!(chan.read_u32(1), None);
    assert_eq!(chan.read_u32(16), None);
    assert_eq!(chan.read_u32(usize::MAX - 3), None);
    assert_eq!(chan.write_u32(13, 1), None);
    assert_eq!(chan.as_mut_slice().write_u32(12, 1), Some(()));
}

#[test]
fn init_channel_hands_the_channel_to_the_agent() {
    let mut chan = vec![0u8; CHANNEL_SIZE];
    scmi_server::init_channel(chan.as_mut_slice());
    assert_eq!(chan.read_u32(shmem::STATUS), Some(shmem::STATUS_FREE));
    assert_eq!(chan.read_u32(shmem::LENGTH), Some(0));
    // Until the agent clears the free bit, nothing is processed.
    let before = chan.clone();
    assert_eq!(
        Server::new().process(AgentId::PRIVILEGED, chan.as_mut_slice()),
        Outcome::NotOwned
    );
    assert_eq!(chan, before);
}
