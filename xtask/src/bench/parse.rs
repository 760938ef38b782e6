//! The figures of one run, read from its console log: the probe's
//! `PROBE: bench ...` lines and the firmware's `EL3: scmi-cost` line.

use anyhow::{bail, Context, Result};

/// Raw figures of one run, as printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    /// Rounds of each probe loop.
    pub rounds: u64,
    /// Counter ticks around the SCMI, null and SMCCC_VERSION loops.
    pub scmi_ticks: u64,
    pub null_ticks: u64,
    pub version_ticks: u64,
    /// The guest's counter frequency.
    pub cntfrq: u64,
    /// The firmware's calls and EL3 cycles for the probe's client id.
    pub fw_calls: u64,
    pub fw_cycles: u64,
}

/// Reads a run's figures; `prefix` is what Xen puts before the probe's
/// lines (`(d1) ` for a domU), `client` the firmware client id to read.
pub fn sample(log: &str, prefix: &str, client: u64) -> Result<Sample> {
    let probe = |what: &str| -> Result<(u64, u64)> {
        let start = format!("{prefix}PROBE: bench {what} ");
        let line = find_line(log, &start).with_context(|| format!("no `{start}` line"))?;
        let n = field(line, "n").context("no n=")?;
        let ticks = field(line, "ticks").context("no ticks=")?;
        Ok((n, ticks))
    };
    let (rounds, scmi_ticks) = probe("scmi")?;
    let (null_rounds, null_ticks) = probe("null")?;
    let (version_rounds, version_ticks) = probe("smccc-version")?;
    if null_rounds != rounds || version_rounds != rounds {
        bail!("the probe's loops ran different rounds: {rounds}, {null_rounds}, {version_rounds}");
    }
    let cntfrq_line = find_line(log, &format!("{prefix}PROBE: bench cntfrq="))
        .context("no `PROBE: bench cntfrq=` line")?;
    let cntfrq = field(cntfrq_line, "cntfrq").context("bad cntfrq=")?;
    let cost_line = log
        .lines()
        .filter_map(|l| l.split("EL3: scmi-cost ").nth(1))
        .find(|rest| field(rest, "client") == Some(client))
        .with_context(|| format!("no `EL3: scmi-cost client={client}` line"))?;
    let fw_calls = field(cost_line, "calls").context("no calls=")?;
    let fw_cycles = field(cost_line, "cycles").context("no cycles=")?;
    Ok(Sample {
        rounds,
        scmi_ticks,
        null_ticks,
        version_ticks,
        cntfrq,
        fw_calls,
        fw_cycles,
    })
}

/// The first line containing `start`, from `start` on.
fn find_line<'a>(log: &'a str, start: &str) -> Option<&'a str> {
    log.lines()
        .find_map(|l| l.find(start).map(|at| &l[at..]))
        .map(str::trim_end)
}

/// The decimal value of ` key=<dec>` (or `key=` at the start of a word).
fn field(line: &str, key: &str) -> Option<u64> {
    line.split(|c: char| c.is_whitespace() || c == ':')
        .filter_map(|word| word.split_once('='))
        .find(|(k, _)| *k == key)
        .and_then(|(_, v)| v.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOMU_LOG: &str = "\
(XEN) (d1) PROBE: start at 0x40000000 dtb=0x48000000\r
(XEN) (d1) PROBE: bench scmi n=1000 ticks=190000\r
(XEN) (d1) PROBE: bench null n=1000 ticks=400000\r
(XEN) (d1) PROBE: bench smccc-version n=1000 ticks=30000\r
(XEN) (d1) PROBE: bench cntfrq=62500000\r
(XEN) (d1) PROBE: bench ok\r
EL3: scmi-count client=2 calls=1000 errors=0\r
EL3: scmi-count total=1000\r
EL3: scmi-cost client=2 calls=1000 cycles=812000\r
";

    #[test]
    fn reads_a_domu_run() {
        let s = sample(DOMU_LOG, "(d1) ", 2).unwrap();
        assert_eq!(
            s,
            Sample {
                rounds: 1000,
                scmi_ticks: 190_000,
                null_ticks: 400_000,
                version_ticks: 30_000,
                cntfrq: 62_500_000,
                fw_calls: 1000,
                fw_cycles: 812_000,
            }
        );
    }

    #[test]
    fn missing_lines_are_errors() {
        assert!(
            sample(DOMU_LOG, "(d1) ", 1).is_err(),
            "no cost line for client 1"
        );
        let cut = DOMU_LOG.replace("bench null", "bench nil");
        assert!(sample(&cut, "(d1) ", 2).is_err());
    }
}
