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
    AtMost(u64),
}

impl Count {
    fn holds(self, value: u64) -> bool {
        match self {
            Count::Exactly(n) => value == n,
            Count::AtLeast(n) => value >= n,
            Count::AtMost(n) => value <= n,
        }
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Exactly(n) => write!(f, "== {n}"),
            Count::AtLeast(n) => write!(f, ">= {n}"),
            Count::AtMost(n) => write!(f, "<= {n}"),
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
    /// A firmware count that must equal what guests said they issued:
    /// the sum, over the console lines containing `line`, of the number
    /// after the first `n=` on each, plus `plus` (calls of a known number
    /// made by others). No such line is a failure.
    AsReported {
        of: Firmware,
        line: &'static str,
        plus: u64,
    },
    /// Console lines containing a text (all lines for ""): how much a
    /// guest made Xen print. Counted whether or not the firmware printed
    /// its counters, and reported when the scenario passes.
    Lines {
        containing: &'static str,
        count: Count,
    },
}

/// Which of the firmware's counts a [`Counter::AsReported`] is about.
#[derive(Clone, Copy, Debug)]
pub enum Firmware {
    /// The calls of one caller id.
    Client(u64),
    /// The calls on one SCMI agent's channel.
    Agent(u64),
    /// All calls.
    Total,
}

/// The sum of the `n=` numbers of the lines of `log` containing `line`,
/// or `None` if there is no such line or one has no number there.
fn reported(log: &str, line: &str) -> Option<u64> {
    let mut found = None;
    for text in log.lines().filter(|l| l.contains(line)) {
        let number = text.split_once(" n=")?.1.split_whitespace().next()?;
        found = Some(
            found
                .unwrap_or(0u64)
                .checked_add(number.parse::<u64>().ok()?)?,
        );
    }
    found
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

/// The log's lines, with Xen's own lines apart. Xen and dom0 share the
/// serial port, so a line of Xen's can start in the middle of one of
/// dom0's (`XL: domd destroyed(XEN) SCMI: d1 released SCMI`, seen once on
/// a loaded host): every `(XEN) ` past a line's start begins a line.
fn console_lines(log: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    for line in log.lines() {
        let mut rest = line;
        while let Some(at) = rest.get(1..).and_then(|tail| tail.find(XEN_LINE)) {
            let (before, from) = rest.split_at(at + 1);
            lines.push(before);
            rest = from;
        }
        lines.push(rest);
    }
    lines
}

/// How Xen starts each line it prints.
const XEN_LINE: &str = "(XEN) ";

/// Each unmet expectation, one line each; empty means the run passed.
pub fn check(expect: &Expect, outcome: &Outcome) -> Vec<String> {
    let mut failures = Vec::new();
    let log = &outcome.console;
    let lines = console_lines(log);

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
    for counter in expect.counters {
        if let Counter::Lines { containing, count } = *counter {
            let found = count_lines(log, containing);
            if !count.holds(found) {
                failures.push(format!(
                    "{found} console lines contain {containing:?}, expected {count}"
                ));
            }
        }
    }
    if expect
        .counters
        .iter()
        .any(|c| !matches!(c, Counter::Lines { .. }))
    {
        check_counters(expect.counters, log, &mut failures);
    }
    failures
}

/// Lines of `log` containing `text` (every line for "").
pub fn count_lines(log: &str, text: &str) -> u64 {
    log.lines().filter(|l| l.contains(text)).count() as u64
}

/// One line per [`Counter::Lines`] of `expect`: what the log holds
/// against the bound, for the report of a run that passed.
pub fn line_counts(expect: &Expect, log: &str) -> Vec<String> {
    expect
        .counters
        .iter()
        .filter_map(|counter| match *counter {
            Counter::Lines { containing, count } => Some(format!(
                "{} console lines contain {containing:?} (bound {count})",
                count_lines(log, containing)
            )),
            _ => None,
        })
        .collect()
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
            Counter::AsReported { of, line, plus } => {
                let got = match of {
                    Firmware::Client(id) => counters.clients.get(&id).map_or(0, |c| c.0),
                    Firmware::Agent(id) => counters.agents.get(&id).map_or(0, |a| a.0),
                    Firmware::Total => total,
                };
                match reported(log, line) {
                    Some(said) if said.checked_add(plus) == Some(got) => {}
                    Some(said) => failures.push(format!(
                        "firmware's {of:?} count is {got}, the guests said {said} (+{plus}) in {line:?}"
                    )),
                    None => failures.push(format!(
                        "missing: {line:?} with an n= count (for the firmware's {of:?} count)"
                    )),
                }
            }
            Counter::Total(_) | Counter::Lines { .. } => {}
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

    /// Two guests' reports against the firmware's counts: equal passes;
    /// a call lost, duplicated or counted for another caller fails; so
    /// does a missing report.
    #[test]
    fn holds_counts_against_reports() {
        let log = "(d1) PROBE: smp-calls ok n=7 vcpu0=3 vcpu1=4 failed=0\n\
                   (d2) PROBE: smp-calls ok n=5 vcpu0=2 vcpu1=3 failed=0\n\
                   EL3: scmi-count client=2 calls=7 errors=0\n\
                   EL3: scmi-count client=3 calls=8 errors=0\n\
                   EL3: scmi-count total=15\n\
                   EL3: scmi-agent agent=1 calls=3 errors=0 denied=0\n\
                   EL3: scmi-agent agent=2 calls=7 errors=0 denied=0\n\
                   EL3: scmi-agent agent=3 calls=5 errors=0 denied=0\n";
        let failures_of = |wanted: &[Counter]| {
            let mut failures = Vec::new();
            check_counters(wanted, log, &mut failures);
            failures
        };
        let report = |of, line| Counter::AsReported { of, line, plus: 0 };
        assert!(failures_of(&[
            report(Firmware::Client(2), "(d1) PROBE: smp-calls ok"),
            report(Firmware::Agent(2), "(d1) PROBE: smp-calls ok"),
            report(Firmware::Agent(3), "(d2) PROBE: smp-calls ok"),
            Counter::AsReported {
                of: Firmware::Total,
                line: "PROBE: smp-calls ok",
                plus: 3,
            },
        ])
        .is_empty());
        // Client 3 got one call more than d2 issued.
        assert_eq!(
            failures_of(&[report(Firmware::Client(3), "(d2) PROBE: smp-calls ok")]).len(),
            1
        );
        assert_eq!(
            failures_of(&[report(Firmware::Agent(4), "(d3) PROBE: smp-calls ok")]).len(),
            1
        );
        assert_eq!(
            failures_of(&[report(Firmware::Total, "PROBE: smp-calls ok")]).len(),
            1
        );
        assert_eq!(reported("a n=1\na n=2 z\nb n=9\n", "a "), Some(3));
        assert_eq!(reported("a n=1\na n=x\n", "a "), None);
        assert_eq!(reported("a n=1\n", "b "), None);
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
    fn a_xen_line_inside_a_dom0_line_is_a_line_of_its_own() {
        let log = "XL: domd destroyed(XEN) SCMI: d1 released SCMI\n(XEN) a(XEN) b\n";
        assert_eq!(
            console_lines(log),
            [
                "XL: domd destroyed",
                "(XEN) SCMI: d1 released SCMI",
                "(XEN) a",
                "(XEN) b"
            ]
        );
        let expect = Expect {
            in_order: &["XL: domd destroyed", "SCMI: d1 released SCMI"],
            present: &[],
            absent: &[],
            exit: 0,
            xen_panics: false,
            counters: &[],
        };
        assert!(check(&expect, &outcome(log, 0)).is_empty());
    }

    #[test]
    fn bounds_console_lines() {
        let log = "x refused\nx refused\nother\nEL3: scmi-count total=0\n";
        let mut expect = Expect {
            in_order: &[],
            present: &[],
            absent: &[],
            exit: 0,
            xen_panics: false,
            counters: &[
                Counter::Lines {
                    containing: "refused",
                    count: Count::AtMost(2),
                },
                Counter::Lines {
                    containing: "",
                    count: Count::AtMost(4),
                },
            ],
        };
        assert!(check(&expect, &outcome(log, 0)).is_empty());
        assert_eq!(
            line_counts(&expect, log),
            [
                "2 console lines contain \"refused\" (bound <= 2)",
                "4 console lines contain \"\" (bound <= 4)"
            ]
        );
        expect.counters = &[Counter::Lines {
            containing: "refused",
            count: Count::AtMost(1),
        }];
        let failures = check(&expect, &outcome(log, 0));
        assert_eq!(
            failures,
            ["2 console lines contain \"refused\", expected <= 1"]
        );
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
