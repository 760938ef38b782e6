//! What a scenario's console log must show, and the check that reports
//! every unmet expectation (not just the first).

use super::runner::Outcome;
use std::collections::BTreeMap;

/// A bound on a firmware counter.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code)] // vocabulary for the scenarios to come
pub enum Count {
    Exactly(u64),
    AtLeast(u64),
}

impl Count {
    fn holds(self, value: u64) -> bool {
        match self {
            Count::Exactly(n) => value == n,
            Count::AtLeast(n) => value >= n,
        }
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Exactly(n) => write!(f, "== {n}"),
            Count::AtLeast(n) => write!(f, ">= {n}"),
        }
    }
}

/// An expectation on the firmware's per-caller SCMI counters, printed at
/// power-off as `EL3: scmi-count client=<id> calls=<n> errors=<n>` and
/// `EL3: scmi-count total=<n>`. A client without a line made no call.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code)] // vocabulary for the scenarios to come
pub enum Counter {
    /// Calls (and SCMI-level errors) seen from one caller id (the value the
    /// hypervisor passes in w7).
    Client {
        id: u64,
        calls: Count,
        errors: Count,
    },
    /// Calls from all callers together.
    Total(Count),
    /// Calls and DENIED answers on one SCMI agent's channel, printed as
    /// `EL3: scmi-agent agent=<id> calls=<n> errors=<n> denied=<n>` for
    /// every agent that was called.
    Agent {
        id: u64,
        calls: Count,
        denied: Count,
    },
}

/// Everything a scenario expects of its run.
#[derive(Clone, Copy, Debug)]
pub struct Expect {
    /// Substrings that must appear, each on a later line than the previous.
    pub in_order: &'static [&'static str],
    /// Substrings that must appear somewhere.
    pub present: &'static [&'static str],
    /// Substrings that must not appear anywhere.
    pub absent: &'static [&'static str],
    /// QEMU's exit status: the firmware exits 0 on SYSTEM_OFF, 1 on RESET.
    pub exit: i32,
    /// Xen is expected to stop the boot with a panic (then it resets the
    /// machine, so `exit` is 1); without it, a panic is a failure.
    pub xen_panics: bool,
    pub counters: &'static [Counter],
}

/// How Xen shows a panic: only scenarios that expect one may show it.
const XEN_PANIC: &[&str] = &[
    "Panic on CPU",
    // Xen frames a panic in rows of stars; its notices use at most four.
    "(XEN) ********",
];

/// Signs of failure that no scenario may show.
pub const ALWAYS_ABSENT: &[&str] = &[
    "Kernel panic",
    "Oops",
    "Unable to handle kernel",
    "BUG:",
    "------------[ cut here ]------------",
];

/// Each unmet expectation, one line each; empty means the run passed.
pub fn check(expect: &Expect, outcome: &Outcome) -> Vec<String> {
    let mut failures = Vec::new();
    let log = &outcome.console;
    let lines: Vec<&str> = log.lines().collect();

    if outcome.timed_out {
        failures.push(format!(
            "timed out after {:.1} s",
            outcome.elapsed.as_secs_f64()
        ));
    } else if outcome.status != Some(expect.exit) {
        failures.push(format!(
            "exit status {:?}, expected {}",
            outcome.status, expect.exit
        ));
    }

    let mut from = 0;
    for wanted in expect.in_order {
        match lines[from..].iter().position(|l| l.contains(wanted)) {
            Some(i) => from += i + 1,
            None if log.contains(wanted) => {
                failures.push(format!("out of order: {wanted:?}"));
            }
            None => failures.push(format!("missing: {wanted:?}")),
        }
    }
    for wanted in expect.present {
        if !log.contains(wanted) {
            failures.push(format!("missing: {wanted:?}"));
        }
    }
    let xen_panic: &[&str] = if expect.xen_panics { &[] } else { XEN_PANIC };
    if expect.xen_panics && !log.contains(XEN_PANIC[0]) {
        failures.push(format!(
            "missing: {:?} (Xen was to stop the boot)",
            XEN_PANIC[0]
        ));
    }
    for banned in expect.absent.iter().chain(ALWAYS_ABSENT).chain(xen_panic) {
        if let Some(line) = lines.iter().find(|l| l.contains(banned)) {
            failures.push(format!("forbidden {banned:?} in: {}", line.trim()));
        }
    }
    if !expect.counters.is_empty() {
        check_counters(expect.counters, log, &mut failures);
    }
    failures
}

/// Parsed counter lines.
#[derive(Debug, Default, PartialEq)]
pub struct Counters {
    /// client id -> (calls, errors)
    pub clients: BTreeMap<u64, (u64, u64)>,
    /// Calls of the clients beyond the firmware's table (`client=other`).
    pub other: u64,
    pub total: Option<u64>,
    /// agent id -> (calls, denied)
    pub agents: BTreeMap<u64, (u64, u64)>,
}

/// Reads the firmware's counter lines out of a console log.
pub fn parse_counters(log: &str) -> Counters {
    let mut counters = Counters::default();
    let fields_of = |rest: &str| -> BTreeMap<String, u64> {
        rest.split_whitespace()
            .filter_map(|f| f.split_once('='))
            .filter_map(|(k, v)| Some((k.to_owned(), v.parse().ok()?)))
            .collect()
    };
    for line in log.lines() {
        if let Some(rest) = line.split("EL3: scmi-agent ").nth(1) {
            let fields = fields_of(rest);
            if let (Some(&id), Some(&calls)) = (fields.get("agent"), fields.get("calls")) {
                let denied = fields.get("denied").copied().unwrap_or(0);
                counters.agents.insert(id, (calls, denied));
            }
            continue;
        }
        let Some(rest) = line.split("EL3: scmi-count ").nth(1) else {
            continue;
        };
        let fields = fields_of(rest);
        if rest.starts_with("client=other ") {
            counters.other = fields.get("calls").copied().unwrap_or(0);
        } else if let Some(&total) = fields.get("total") {
            counters.total = Some(total);
        } else if let (Some(&id), Some(&calls)) = (fields.get("client"), fields.get("calls")) {
            let errors = fields.get("errors").copied().unwrap_or(0);
            counters.clients.insert(id, (calls, errors));
        }
    }
    counters
}

fn check_counters(wanted: &[Counter], log: &str, failures: &mut Vec<String>) {
    let counters = parse_counters(log);
    let Some(total) = counters.total else {
        failures.push("missing: the firmware's \"EL3: scmi-count total=\" line".into());
        return;
    };
    let sum: u64 = counters
        .clients
        .values()
        .map(|(calls, _)| calls)
        .sum::<u64>()
        + counters.other;
    if sum != total {
        failures.push(format!(
            "firmware counters disagree: clients sum to {sum}, total={total}"
        ));
    }
    for counter in wanted {
        match *counter {
            Counter::Total(count) if !count.holds(total) => {
                failures.push(format!("scmi-count total={total}, expected {count}"));
            }
            Counter::Client { id, calls, errors } => {
                let (got_calls, got_errors) = counters.clients.get(&id).copied().unwrap_or((0, 0));
                if !calls.holds(got_calls) {
                    failures.push(format!(
                        "scmi-count client={id} calls={got_calls}, expected {calls}"
                    ));
                }
                if !errors.holds(got_errors) {
                    failures.push(format!(
                        "scmi-count client={id} errors={got_errors}, expected {errors}"
                    ));
                }
            }
            Counter::Agent { id, calls, denied } => {
                let (got_calls, got_denied) = counters.agents.get(&id).copied().unwrap_or((0, 0));
                if !calls.holds(got_calls) {
                    failures.push(format!(
                        "scmi-agent agent={id} calls={got_calls}, expected {calls}"
                    ));
                }
                if !denied.holds(got_denied) {
                    failures.push(format!(
                        "scmi-agent agent={id} denied={got_denied}, expected {denied}"
                    ));
                }
            }
            Counter::Total(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn outcome(console: &str, status: i32) -> Outcome {
        Outcome {
            status: Some(status),
            timed_out: false,
            elapsed: Duration::from_secs(1),
            console: console.into(),
        }
    }

    const LOG: &str = "boot\nA line\nB line\nEL3: scmi-count client=0 calls=12 errors=1\n\
                       EL3: scmi-count total=12\n";

    #[test]
    fn parses_counter_lines() {
        let c = parse_counters(LOG);
        assert_eq!(c.total, Some(12));
        assert_eq!(c.clients.get(&0), Some(&(12, 1)));
    }

    const AGENTS: &str = "EL3: scmi-count client=2 calls=3 errors=1\n\
                          EL3: scmi-count total=3\n\
                          EL3: scmi-agent agent=2 calls=3 errors=1 denied=1\n";

    #[test]
    fn checks_the_agent_lines() {
        let c = parse_counters(AGENTS);
        assert_eq!(c.agents.get(&2), Some(&(3, 1)));
        assert_eq!(
            c.clients.get(&2),
            Some(&(3, 1)),
            "agent lines are not clients"
        );
        let mut failures = Vec::new();
        let wanted = [
            Counter::Agent {
                id: 2,
                calls: Count::Exactly(3),
                denied: Count::AtLeast(2),
            },
            Counter::Agent {
                id: 3,
                calls: Count::AtLeast(1),
                denied: Count::Exactly(0),
            },
        ];
        check_counters(&wanted, AGENTS, &mut failures);
        assert_eq!(failures.len(), 2, "{failures:?}");
        assert!(failures[0].contains("agent=2 denied=1"));
        assert!(failures[1].contains("agent=3 calls=0"));
    }

    /// The firmware keeps 16 clients apart and sums the rest on one line.
    const OVERFLOW: &str = "EL3: scmi-count client=2 calls=2 errors=0\n\
                            EL3: scmi-count client=other calls=8 errors=0\n\
                            EL3: scmi-count total=10\n";

    #[test]
    fn counts_the_overflow_line() {
        let c = parse_counters(OVERFLOW);
        assert_eq!((c.clients.len(), c.other), (1, 8));
        let mut failures = Vec::new();
        check_counters(
            &[Counter::Total(Count::Exactly(10))],
            OVERFLOW,
            &mut failures,
        );
        assert!(failures.is_empty(), "{failures:?}");
    }

    #[test]
    fn passes_and_fails_as_told() {
        let mut expect = Expect {
            in_order: &["A line", "B line"],
            present: &["boot"],
            absent: &[],
            exit: 0,
            xen_panics: false,
            counters: &[
                Counter::Client {
                    id: 0,
                    calls: Count::AtLeast(1),
                    errors: Count::AtLeast(0),
                },
                Counter::Client {
                    id: 1,
                    calls: Count::Exactly(0),
                    errors: Count::Exactly(0),
                },
            ],
        };
        assert!(check(&expect, &outcome(LOG, 0)).is_empty());
        expect.in_order = &["B line", "A line"];
        let failures = check(&expect, &outcome(LOG, 1));
        assert_eq!(failures.len(), 2, "{failures:?}");
        assert!(failures[1].starts_with("out of order"));
    }

    #[test]
    fn reports_panics() {
        let expect = Expect {
            in_order: &[],
            present: &[],
            absent: &[],
            exit: 0,
            xen_panics: false,
            counters: &[],
        };
        let failures = check(
            &expect,
            &outcome("(XEN) ****************\n(XEN) *** LOADING", 0),
        );
        assert_eq!(failures.len(), 1);
    }
}
