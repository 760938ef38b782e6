//! From raw samples to the table: per-call figures in instructions, the
//! mediator's share, the ratio to the C reference, and whether repeated
//! runs agreed.

use super::parse::Sample;
use std::fmt::Write;

/// Per-call figures of one configuration, in instructions (virtual ns
/// under `-icount shift=0`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    pub round_trip: f64,
    /// SMCCC_VERSION, answered by Xen: trap and return alone.
    pub trap: f64,
    /// The probe's unhandled SMC, answered -1 by Xen (formats a line).
    pub null: f64,
    /// EL3 cycles per SCMI call, from the firmware.
    pub firmware: f64,
}

impl Row {
    pub fn from_sample(s: &Sample) -> Row {
        let ns_per_tick = 1e9 / s.cntfrq.max(1) as f64;
        let per_call = |ticks: u64| ticks as f64 * ns_per_tick / s.rounds.max(1) as f64;
        Row {
            round_trip: per_call(s.scmi_ticks),
            trap: per_call(s.version_ticks),
            null: per_call(s.null_ticks),
            firmware: s.fw_cycles as f64 / s.fw_calls.max(1) as f64,
        }
    }

    /// What is left for the hypervisor's SCMI path: round trip minus the
    /// bare trap minus the firmware.
    pub fn mediator(&self) -> f64 {
        self.round_trip - self.trap - self.firmware
    }
}

/// One line per run that differs from the first run of its configuration,
/// naming the fields and by how much (per call); empty when all agree.
pub fn disagreements(label: &str, samples: &[Sample]) -> Vec<String> {
    let Some((first, rest)) = samples.split_first() else {
        return Vec::new();
    };
    let base = Row::from_sample(first);
    let mut out = Vec::new();
    for (i, s) in rest.iter().enumerate() {
        if s == first {
            continue;
        }
        let row = Row::from_sample(s);
        out.push(format!(
            "{label}: run {} differs from run 1 by round trip {:+.3}, trap {:+.3}, null {:+.3}, \
             firmware {:+.3} instructions per call",
            i + 2,
            row.round_trip - base.round_trip,
            row.trap - base.trap,
            row.null - base.null,
            row.firmware - base.firmware,
        ));
    }
    out
}

/// The table, C reference first; `rows[0]` is the reference.
pub fn table(labels: &[&str], rows: &[Row]) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{:<36} {:>10} {:>8} {:>9} {:>9} {:>8} {:>9}",
        "per SCMI call, in instructions",
        "round trip",
        "trap",
        "firmware",
        "mediator",
        "ratio",
        "null SMC"
    );
    let reference = rows.first().map(Row::mediator);
    for (label, row) in labels.iter().zip(rows) {
        let ratio = match reference {
            Some(r) if r > 0.0 => format!("{:.2}", row.mediator() / r),
            _ => "-".into(),
        };
        let _ = writeln!(
            t,
            "{:<36} {:>10.1} {:>8.1} {:>9.1} {:>9.1} {:>8} {:>9.1}",
            label,
            row.round_trip,
            row.trap,
            row.firmware,
            row.mediator(),
            ratio,
            row.null
        );
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(scmi: u64, fw: u64) -> Sample {
        Sample {
            rounds: 1000,
            scmi_ticks: scmi,
            null_ticks: 50_000,
            version_ticks: 20_000,
            cntfrq: 62_500_000,
            fw_calls: 1000,
            fw_cycles: fw,
        }
    }

    #[test]
    fn figures_are_per_call_instructions() {
        let row = Row::from_sample(&sample(100_000, 700_000));
        // 16 ns per tick at 62.5 MHz: 100000 ticks * 16 / 1000 calls.
        assert_eq!(row.round_trip, 1600.0);
        assert_eq!(row.trap, 320.0);
        assert_eq!(row.firmware, 700.0);
        assert_eq!(row.mediator(), 580.0);
    }

    #[test]
    fn table_has_a_row_per_configuration_and_ratios() {
        let rows = [
            Row::from_sample(&sample(100_000, 700_000)),
            Row::from_sample(&sample(90_000, 700_000)),
        ];
        let text = table(&["(a) C", "(b) Rust"], &rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with("(a) C") && lines[1].contains(" 1.00 "));
        // (1440 - 320 - 700) / 580
        assert!(lines[2].contains(" 0.72 "), "{}", lines[2]);
    }

    #[test]
    fn disagreement_is_reported_per_run() {
        let a = sample(100_000, 700_000);
        assert!(disagreements("x", &[a, a, a]).is_empty());
        let b = sample(100_001, 700_000);
        let lines = disagreements("x", &[a, a, b]);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].contains("run 3") && lines[0].contains("+0.016"));
    }
}
