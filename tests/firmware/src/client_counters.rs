//! Per-client SCMI call counters, printed at SYSTEM_OFF/SYSTEM_RESET so
//! the harness can tell which domains' calls really reached EL3, and what
//! the firmware spent on them (for `cargo xtask bench`).
//!
//! Lines (one per client seen, ascending id, then the total; then the
//! costs in the same order):
//!
//! ```text
//! EL3: scmi-count client=<dec> calls=<dec> errors=<dec>
//! EL3: scmi-count total=<dec>
//! EL3: scmi-cost client=<dec> calls=<dec> cycles=<dec>
//! ```
//!
//! `cycles` is the sum over the client's calls of the EL3 cycle counter
//! from SMC dispatch to the end of the SCMI handling (one per instruction
//! under QEMU `-icount shift=0`). The cost lines use their own keyword so
//! that readers of the `scmi-count` lines never see them.
//!
//! The client is the SMCCC hypervisor client id (w7 bits `[15:0]`, the
//! domain id under Xen). Up to [`SLOTS`] distinct clients are kept; any
//! further ones share a line `client=other`. An error is any call not
//! answered with SCMI SUCCESS (including malformed messages and calls on
//! a channel that was not handed over).

use crate::console::Sink;

/// Distinct clients counted individually.
pub const SLOTS: usize = 16;

#[derive(Clone, Copy, Debug, Default)]
struct Count {
    calls: u64,
    errors: u64,
    cycles: u64,
}

impl Count {
    fn add(&mut self, error: bool, cycles: u64) {
        self.calls = self.calls.wrapping_add(1);
        self.errors = self.errors.wrapping_add(u64::from(error));
        self.cycles = self.cycles.wrapping_add(cycles);
    }
}

/// The counters of every client.
#[derive(Clone, Debug)]
pub struct ClientCounters {
    clients: [Option<(u16, Count)>; SLOTS],
    other: Count,
}

impl Default for ClientCounters {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientCounters {
    /// No calls yet.
    pub const fn new() -> Self {
        Self {
            clients: [None; SLOTS],
            other: Count {
                calls: 0,
                errors: 0,
                cycles: 0,
            },
        }
    }

    /// Counts one call of `client` that took `cycles`, and one error if
    /// `error`.
    pub fn record(&mut self, client: u16, error: bool, cycles: u64) {
        let mut free = None;
        for (i, slot) in self.clients.iter_mut().enumerate() {
            match slot {
                Some((id, count)) if *id == client => return count.add(error, cycles),
                None if free.is_none() => free = Some(i),
                _ => {}
            }
        }
        match free.and_then(|i| self.clients.get_mut(i)) {
            Some(slot) => {
                let mut count = Count::default();
                count.add(error, cycles);
                *slot = Some((client, count));
            }
            None => self.other.add(error, cycles),
        }
    }

    /// (calls, errors) of `client`, if it was seen.
    pub fn get(&self, client: u16) -> Option<(u64, u64)> {
        self.clients
            .iter()
            .flatten()
            .find(|(id, _)| *id == client)
            .map(|(_, c)| (c.calls, c.errors))
    }

    /// All calls of all clients.
    pub fn total(&self) -> u64 {
        let counted = self.clients.iter().flatten().map(|(_, c)| c.calls);
        counted.fold(self.other.calls, u64::wrapping_add)
    }

    /// Writes the counter lines, then the cost lines, clients in
    /// ascending id order.
    pub fn print(&self, out: &mut impl Sink) {
        self.each_client(out, "EL3: scmi-count client=", counts_end);
        out.str("EL3: scmi-count total=");
        out.dec(self.total());
        out.str("\n");
        self.each_client(out, "EL3: scmi-cost client=", cost_end);
    }

    /// One line per client seen (`other` last): `start`, the id, `end`.
    fn each_client<S: Sink>(&self, out: &mut S, start: &str, end: fn(&mut S, &Count)) {
        let mut after: Option<u16> = None;
        loop {
            let next = self
                .clients
                .iter()
                .flatten()
                .filter(|(id, _)| after.is_none_or(|a| *id > a))
                .min_by_key(|(id, _)| *id);
            let Some((id, count)) = next else { break };
            out.str(start);
            out.dec(u64::from(*id));
            end(out, count);
            after = Some(*id);
        }
        if self.other.calls != 0 {
            out.str(start);
            out.str("other");
            end(out, &self.other);
        }
    }
}

fn counts_end<S: Sink>(out: &mut S, count: &Count) {
    out.str(" calls=");
    out.dec(count.calls);
    out.str(" errors=");
    out.dec(count.errors);
    out.str("\n");
}

fn cost_end<S: Sink>(out: &mut S, count: &Count) {
    out.str(" calls=");
    out.dec(count.calls);
    out.str(" cycles=");
    out.dec(count.cycles);
    out.str("\n");
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::console::tests::render;
    use std::string::String;

    fn printed(counters: &ClientCounters) -> String {
        render(|b| counters.print(b)).replace('\r', "")
    }

    #[test]
    fn no_calls_prints_only_the_total() {
        assert_eq!(printed(&ClientCounters::new()), "EL3: scmi-count total=0\n");
    }

    #[test]
    fn clients_in_ascending_order() {
        let mut c = ClientCounters::new();
        c.record(3, false, 100);
        c.record(0, true, 7);
        c.record(3, false, 120);
        c.record(0x7ff4, false, 1);
        assert_eq!(
            printed(&c),
            "EL3: scmi-count client=0 calls=1 errors=1\n\
             EL3: scmi-count client=3 calls=2 errors=0\n\
             EL3: scmi-count client=32756 calls=1 errors=0\n\
             EL3: scmi-count total=4\n\
             EL3: scmi-cost client=0 calls=1 cycles=7\n\
             EL3: scmi-cost client=3 calls=2 cycles=220\n\
             EL3: scmi-cost client=32756 calls=1 cycles=1\n"
        );
        assert_eq!(c.get(3), Some((2, 0)));
        assert_eq!(c.get(4), None);
    }

    #[test]
    fn overflowing_clients_share_other() {
        let mut c = ClientCounters::new();
        for id in 0..(SLOTS as u16 + 2) {
            c.record(id, id % 2 == 0, 10);
        }
        let text = printed(&c);
        assert!(text.contains("scmi-count client=other calls=2 errors=1\n"));
        assert!(text.contains("scmi-count total=18\n"));
        assert!(text.ends_with("scmi-cost client=other calls=2 cycles=20\n"));
    }
}
