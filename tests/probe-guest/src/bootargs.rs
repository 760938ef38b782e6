//! The probe's mode, from the DT's /chosen/bootargs.
//!
//! Words are separated by spaces; `probe=<mode>` picks the mode; for
//! `bench`, `flood`, `calls` and `smp-calls`, `n=<decimal>` gives the
//! number of rounds,
//! and for `refused` and `flood`, `smc=0x<hex>` the function id to ring
//! (the SCMI id by default), and for `owner`, `clock=<decimal>` a clock
//! whose rate to read and `write=<clock>:<hz>` (both decimal, at most
//! [`MAX_WRITES`] of them) clocks whose rate to set (`clock=` also
//! serves `smp-calls`). Other words are ignored, so the probe
//! can share a command line with anything Xen or a test adds.

/// Clocks the owner mode sets the rate of, at most.
pub const MAX_WRITES: usize = 2;

/// Rounds of each benchmark loop when `n=` is not given.
pub const DEFAULT_BENCH_ROUNDS: u32 = 1000;

/// What the probe was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Ring an SCMI doorbell that is not the guest's and expect
    /// NOT_SUPPORTED.
    Refused {
        /// The function id rung.
        smc_id: u32,
    },
    /// Own SCMI: talk to the Base protocol through the shared memory,
    /// then, if asked, read one clock's rate and set others'.
    Owner {
        /// The clock whose rate to read (`clock=<decimal>`).
        clock: Option<u32>,
        /// The clocks whose rate to set, and the rate in Hz
        /// (`write=<clock>:<hz>`), in order.
        writes: [Option<(u32, u32)>; MAX_WRITES],
    },
    /// Time `rounds` SCMI round trips and `rounds` null SMCs.
    Bench {
        /// Iterations of each loop.
        rounds: u32,
    },
    /// Ring a doorbell that is not the guest's `rounds` times in a tight
    /// loop and count the refusals.
    Flood {
        /// SMCs issued.
        rounds: u32,
        /// The function id rung.
        smc_id: u32,
    },
    /// Own SCMI (as the hardware domain): make `rounds` SCMI calls while
    /// another domain runs, then wait until a domain shuts down.
    Calls {
        /// SCMI calls made.
        rounds: u32,
    },
    /// Own SCMI on two vCPUs: each makes at least `rounds` calls, and
    /// both go on until the domain has been paused (the end of a test's
    /// churn), then report how many calls each made.
    SmpCalls {
        /// Calls each vCPU makes at least.
        rounds: u32,
        /// A clock whose rate every other call reads (`clock=<decimal>`),
        /// or only Base calls.
        clock: Option<u32>,
    },
}

/// The mode asked for by a bootargs property value (NUL-terminated or
/// not), or `None` if there is no valid `probe=` word.
pub fn mode(bootargs: &[u8]) -> Option<Mode> {
    let text = bootargs.split(|b| *b == 0).next().unwrap_or(&[]);
    let mut chosen = None;
    let mut rounds = DEFAULT_BENCH_ROUNDS;
    let mut smc_id = crate::smccc::SCMI_SMC_ID;
    let mut clock = None;
    let mut writes = [None; MAX_WRITES];
    for word in text.split(|b| b.is_ascii_whitespace()) {
        if let Some(name) = word.strip_prefix(b"probe=") {
            chosen = Some(name);
        } else if let Some(number) = word.strip_prefix(b"n=") {
            rounds = decimal(number)?;
        } else if let Some(number) = word.strip_prefix(b"smc=0x") {
            smc_id = hex(number)?;
        } else if let Some(number) = word.strip_prefix(b"clock=") {
            clock = Some(decimal(number)?);
        } else if let Some(pair) = word.strip_prefix(b"write=") {
            let colon = pair.iter().position(|b| *b == b':')?;
            let (clock, hz) = (pair.get(..colon)?, pair.get(colon + 1..)?);
            *writes.iter_mut().find(|w| w.is_none())? = Some((decimal(clock)?, decimal(hz)?));
        }
    }
    match chosen? {
        b"refused" => Some(Mode::Refused { smc_id }),
        b"owner" => Some(Mode::Owner { clock, writes }),
        b"bench" => Some(Mode::Bench { rounds }),
        b"flood" => Some(Mode::Flood { rounds, smc_id }),
        b"calls" => Some(Mode::Calls { rounds }),
        b"smp-calls" => Some(Mode::SmpCalls { rounds, clock }),
        _ => None,
    }
}

/// A non-empty hexadecimal number that fits a u32.
fn hex(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u32, |acc, digit| {
        let value = char::from(*digit).to_digit(16)?;
        acc.checked_mul(16)?.checked_add(value)
    })
}

/// A non-empty decimal number that fits a u32.
fn decimal(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u32, |acc, digit| {
        let value = char::from(*digit).to_digit(10)?;
        acc.checked_mul(10)?.checked_add(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        assert_eq!(
            mode(b"probe=refused\0"),
            Some(Mode::Refused {
                smc_id: 0x8200_0002
            })
        );
        assert_eq!(
            mode(b"probe=refused smc=0x82000003"),
            Some(Mode::Refused {
                smc_id: 0x8200_0003
            })
        );
        assert_eq!(mode(b"probe=refused smc=0x"), None);
        assert_eq!(mode(b"probe=refused smc=0x1FFFFFFFF"), None);
        assert_eq!(mode(b"probe=refused smc=0xg"), None);
        assert_eq!(
            mode(b"console=hvc0 probe=owner"),
            Some(Mode::Owner {
                clock: None,
                writes: [None; MAX_WRITES]
            })
        );
        assert_eq!(
            mode(b"probe=owner clock=1"),
            Some(Mode::Owner {
                clock: Some(1),
                writes: [None; MAX_WRITES]
            })
        );
        assert_eq!(mode(b"probe=owner clock=x"), None);
        assert_eq!(
            mode(b"probe=owner write=1:24000000 write=2:400000000"),
            Some(Mode::Owner {
                clock: None,
                writes: [Some((1, 24_000_000)), Some((2, 400_000_000))]
            })
        );
        assert_eq!(mode(b"probe=owner write=1:1 write=2:1 write=3:1"), None);
        assert_eq!(mode(b"probe=owner write=1"), None);
        assert_eq!(mode(b"probe=owner write=1:"), None);
        assert_eq!(
            mode(b"probe=bench n=1000\0"),
            Some(Mode::Bench { rounds: 1000 })
        );
        assert_eq!(mode(b"n=7  probe=bench"), Some(Mode::Bench { rounds: 7 }));
        assert_eq!(
            mode(b"probe=bench"),
            Some(Mode::Bench {
                rounds: DEFAULT_BENCH_ROUNDS
            })
        );
    }

    #[test]
    fn load_modes() {
        assert_eq!(
            mode(b"probe=flood n=100000"),
            Some(Mode::Flood {
                rounds: 100_000,
                smc_id: 0x8200_0002
            })
        );
        assert_eq!(
            mode(b"probe=flood smc=0xc2000002 n=3"),
            Some(Mode::Flood {
                rounds: 3,
                smc_id: 0xc200_0002
            })
        );
        assert_eq!(
            mode(b"probe=calls n=5000"),
            Some(Mode::Calls { rounds: 5000 })
        );
        assert_eq!(mode(b"probe=flood n=-1"), None);
        assert_eq!(
            mode(b"probe=smp-calls n=10000 clock=2"),
            Some(Mode::SmpCalls {
                rounds: 10_000,
                clock: Some(2)
            })
        );
        assert_eq!(
            mode(b"probe=smp-calls"),
            Some(Mode::SmpCalls {
                rounds: DEFAULT_BENCH_ROUNDS,
                clock: None
            })
        );
    }

    #[test]
    fn no_mode() {
        assert_eq!(mode(b""), None);
        assert_eq!(mode(b"\0probe=owner"), None);
        assert_eq!(mode(b"probe="), None);
        assert_eq!(mode(b"probe=other"), None);
        assert_eq!(mode(b"xprobe=owner"), None);
        assert_eq!(mode(b"probe=bench n="), None);
        assert_eq!(mode(b"probe=bench n=12x"), None);
        assert_eq!(mode(b"probe=bench n=4294967296"), None);
    }

    #[test]
    fn largest_rounds() {
        assert_eq!(
            mode(b"probe=bench n=4294967295"),
            Some(Mode::Bench { rounds: u32::MAX })
        );
    }
}
