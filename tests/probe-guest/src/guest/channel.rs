//! The SCMI shared-memory channel, from the agent's side: 32-bit aligned
//! volatile accesses only (with the MMU off it is Device memory).

use super::smc;
use probe_guest::scmi::{
    self, FLAGS, HEADER, LENGTH, MIN_CHANNEL_SIZE, PAYLOAD, RETURN_WORDS, STATUS,
};

/// A channel the probe may write, and the SMC that rings it.
pub struct Channel {
    base: usize,
    smc_id: u32,
}

/// What came back from one message.
pub struct Reply {
    /// x0..x3 (r0..r3) after the SMC; x0 is NOT_SUPPORTED if the
    /// hypervisor refused it.
    pub smc_regs: [usize; 4],
    /// The channel status word after the call.
    pub channel_status: u32,
    /// The header word after the call (the platform leaves ours).
    pub header: u32,
    /// The SCMI status, the reply's first payload word.
    pub status: i32,
    /// The words after the status.
    pub words: [u32; RETURN_WORDS],
}

impl Reply {
    /// The platform handed the channel back, without a transport error,
    /// for our message, and SCMI said SUCCESS.
    pub fn succeeded(&self, header: u32) -> bool {
        self.channel_status & scmi::STATUS_FREE != 0
            && self.channel_status & scmi::STATUS_ERROR == 0
            && self.header == header
            && self.status == scmi::SUCCESS
    }
}

impl Channel {
    /// The channel at the DT's `(address, size)`, if the probe's messages
    /// fit and every word is aligned.
    pub fn new(address: u64, size: u64, smc_id: u32) -> Option<Channel> {
        let base = usize::try_from(address).ok()?;
        if base % 4 != 0 || size < MIN_CHANNEL_SIZE {
            return None;
        }
        base.checked_add(usize::try_from(MIN_CHANNEL_SIZE).ok()?)?;
        Some(Channel { base, smc_id })
    }

    /// The channel's first byte.
    #[cfg(target_arch = "aarch64")]
    pub fn base(&self) -> usize {
        self.base
    }

    /// Sends a command without parameters and reads the reply.
    pub fn call(&self, header: u32) -> Reply {
        self.call_with(header, None, [0; 7])
    }

    /// Sends a command with at most one parameter, with `args` in the
    /// SMC's x1..x7 (the firmware ignores them and leaves them), and reads
    /// the reply.
    pub fn call_with(&self, header: u32, param: Option<u32>, args: [usize; 7]) -> Reply {
        match param {
            Some(value) => self.call_params(header, &[value], args),
            None => self.call_params(header, &[], args),
        }
    }

    /// Sends a command with `params` (as many as fit the part of the
    /// channel `new` checked; the rest are left out), with `args` in the
    /// SMC's x1..x7, and reads the reply.
    pub fn call_params(&self, header: u32, params: &[u32], args: [usize; 7]) -> Reply {
        // Taking the channel: clear "free" (and any old error) first.
        self.write(STATUS, 0);
        self.write(FLAGS, 0);
        let mut length = 4;
        for (offset, value) in (PAYLOAD..).step_by(4).zip(params) {
            self.write(offset, *value);
            length += 4;
        }
        self.write(LENGTH, length);
        self.write(HEADER, header);
        let smc_regs = smc::call(self.smc_id, args);
        // The status word first: the platform sets "free" last.
        let channel_status = self.read(STATUS);
        let mut words = [0u32; RETURN_WORDS];
        for (offset, word) in (PAYLOAD + 4..).step_by(4).zip(words.iter_mut()) {
            *word = self.read(offset);
        }
        Reply {
            smc_regs,
            channel_status,
            header: self.read(HEADER),
            status: self.read(PAYLOAD) as i32,
            words,
        }
    }

    /// The address of the word at `offset`, if it lies in the part of the
    /// channel `new` checked.
    fn word(&self, offset: usize) -> Option<*mut u32> {
        let inside = offset % 4 == 0 && (offset as u64) + 4 <= MIN_CHANNEL_SIZE;
        inside.then(|| (self.base + offset) as *mut u32)
    }

    fn read(&self, offset: usize) -> u32 {
        match self.word(offset) {
            // SAFETY: `word` keeps the access aligned and inside the
            // channel the DT gives this guest; nothing else of the probe
            // lives there.
            Some(word) => unsafe { word.read_volatile() },
            None => 0,
        }
    }

    fn write(&self, offset: usize, value: u32) {
        if let Some(word) = self.word(offset) {
            // SAFETY: as for `read`.
            unsafe { word.write_volatile(value) };
        }
    }
}
