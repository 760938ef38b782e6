//! The parameters of one request and the words of its reply, kept apart
//! from the channel so the protocol handlers are plain functions over
//! arrays.

use crate::status::Status;

/// The most parameter words any implemented command takes (CLOCK_RATE_SET
/// has four: flags, clock id, rate low, rate high).
pub const MAX_PARAMS: usize = 4;

/// The most words a reply carries, status included. It bounds the server's
/// stack use; the channel may bound it further (see [`Reply::new`]).
pub const MAX_REPLY_WORDS: usize = 40;

/// The parameter words of a request (the payload after the header).
#[derive(Clone, Copy, Debug, Default)]
pub struct Params {
    words: [u32; MAX_PARAMS],
    count: usize,
}

impl Params {
    /// Parameters from the words actually present in the channel (extra
    /// words beyond [`MAX_PARAMS`] are ignored: no command reads them).
    pub fn new(words: &[u32]) -> Self {
        let mut params = Self::default();
        for (slot, word) in params.words.iter_mut().zip(words) {
            *slot = *word;
            params.count += 1;
        }
        params
    }

    /// Parameter word `index`; a request too short to carry it is a
    /// protocol error.
    pub fn get(&self, index: usize) -> Result<u32, Status> {
        if index < self.count {
            self.words.get(index).copied().ok_or(Status::ProtocolError)
        } else {
            Err(Status::ProtocolError)
        }
    }
}

/// The payload of a reply: the status word followed by the return values.
#[derive(Clone, Debug)]
pub struct Reply {
    words: [u32; MAX_REPLY_WORDS],
    len: usize,
    limit: usize,
}

impl Reply {
    /// An empty reply that may grow to `limit` words (capped at
    /// [`MAX_REPLY_WORDS`]), the status word included.
    pub fn new(limit: usize) -> Self {
        Self {
            words: [0; MAX_REPLY_WORDS],
            len: 0,
            limit: limit.min(MAX_REPLY_WORDS),
        }
    }

    /// How many more words fit.
    pub fn room(&self) -> usize {
        self.limit.saturating_sub(self.len)
    }

    /// Appends one word; a reply that would not fit is a platform bug, so
    /// it turns into GENERIC_ERROR rather than a truncated answer.
    pub fn push(&mut self, word: u32) -> Result<(), Status> {
        if self.len >= self.limit {
            return Err(Status::GenericError);
        }
        let slot = self.words.get_mut(self.len).ok_or(Status::GenericError)?;
        *slot = word;
        self.len += 1;
        Ok(())
    }

    /// Appends a 64-bit value as two words, low word first.
    pub fn push_u64(&mut self, value: u64) -> Result<(), Status> {
        self.push(value as u32)?;
        self.push((value >> 32) as u32)
    }

    /// Appends a 16-byte NUL-padded ASCII name (the SCMI short-name
    /// format). Names are checked to fit, with their NUL, at compile time
    /// in [`crate::platform`]; a longer one is cut to 15 bytes here.
    pub fn push_name(&mut self, name: &str) -> Result<(), Status> {
        let bytes = name.as_bytes();
        for word_index in 0..4 {
            let mut word = [0u8; 4];
            for (i, byte) in word.iter_mut().enumerate() {
                let at = word_index * 4 + i;
                if at < 15 {
                    *byte = bytes.get(at).copied().unwrap_or(0);
                }
            }
            self.push(u32::from_le_bytes(word))?;
        }
        Ok(())
    }

    /// The words pushed so far.
    pub fn words(&self) -> &[u32] {
        self.words.get(..self.len).unwrap_or(&[])
    }

    /// Drops everything pushed (used when a handler fails half-way, so the
    /// reply becomes the bare error status).
    pub fn clear(&mut self) {
        self.len = 0;
    }
}
