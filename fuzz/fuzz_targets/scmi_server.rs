//! Arbitrary channel contents through the firmware's SCMI server: it must
//! never panic, must hand a channel it was given back free with a length
//! that lies inside the channel, and must leave a channel it was not given
//! untouched.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scmi_server::shmem::{self, SharedMemory};
use scmi_server::{AgentId, Outcome, Server};

fuzz_target!(|data: &[u8]| {
    // Byte 0 steers the run: bit 0 clears the free bit (so the message is
    // processed rather than ignored), bit 1 sends the message twice to the
    // same server (state carried across calls). The rest is the channel,
    // of whatever size the input has.
    let Some((&control, contents)) = data.split_first() else {
        return;
    };
    let mut chan = contents.to_vec();
    if control & 1 != 0 {
        if let Some(status) = chan.read_u32(shmem::STATUS) {
            let _ = chan.write_u32(shmem::STATUS, status & !shmem::STATUS_FREE);
        }
    }
    let mut server = Server::new();
    let rounds = if control & 2 != 0 { 2 } else { 1 };
    for _ in 0..rounds {
        let before = chan.clone();
        match server.process(AgentId::PRIVILEGED, chan.as_mut_slice()) {
            Outcome::NotOwned => assert_eq!(chan, before),
            Outcome::ChannelTooSmall => {
                assert!(chan.len() < shmem::MIN_SIZE);
                if let Some(status) = chan.read_u32(shmem::STATUS) {
                    assert_ne!(status & shmem::STATUS_FREE, 0);
                }
            }
            Outcome::BadLength | Outcome::Answered(_) => {
                let status = chan.read_u32(shmem::STATUS).unwrap();
                assert_ne!(status & shmem::STATUS_FREE, 0);
                let length = chan.read_u32(shmem::LENGTH).unwrap() as usize;
                assert!(length >= 8 && length % 4 == 0);
                assert!(shmem::HEADER + length <= chan.len());
            }
        }
        // Hand the channel over again for the next round.
        if let Some(status) = chan.read_u32(shmem::STATUS) {
            let _ = chan.write_u32(shmem::STATUS, status & !shmem::STATUS_FREE);
        }
    }
});
