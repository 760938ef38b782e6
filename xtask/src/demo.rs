//! `cargo xtask demo`: the driver-domain set-up on QEMU, end to end, and a
//! summary a person can read at a glance.
//!
//! It sets the machine up, builds Xen with the Rust mediator, boots the
//! `passthrough` scenario (dom0 + a Linux driver domain that owns SCMI) and
//! the two refusal scenarios, and then reads their console logs back: who
//! owns SCMI, what dom0 lost, what the driver domain's Linux found, what
//! was refused and what the firmware counted. Every claim in the summary is
//! a line found in a log, and the scenarios' own checks must have passed.

use crate::qemu;
use crate::util::{logs_dir, step};
use anyhow::{Context, Result};
use qemu_platform::SCMI_SMC_ID;
use std::fs;

/// The scenarios the demo boots, in order.
const SCENARIOS: &[&str] = &["passthrough", "second-owner", "refused"];

/// Entry point.
pub fn command() -> Result<()> {
    crate::setup::setup()?;
    step("building Xen 4.17 with the Rust SCMI-SMC mediator");
    let xen = crate::xen::build_default()?;
    crate::checks::check_build(&xen)?;
    for name in SCENARIOS {
        step(&format!("booting scenario `{name}` on QEMU"));
        qemu::run_scenario(name)?;
    }
    let logs = Logs::read()?;
    print!("{}", summary(&logs));
    Ok(())
}

struct Logs {
    passthrough: String,
    second_owner: String,
    refused: String,
}

impl Logs {
    fn read() -> Result<Self> {
        let read = |name: &str| {
            let path = logs_dir().join(format!("{name}.log"));
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
        };
        Ok(Logs {
            passthrough: read("passthrough")?,
            second_owner: read("second-owner")?,
            refused: read("refused")?,
        })
    }
}

/// The first line containing `needle`, without Xen's and the kernel's
/// prefixes.
fn line<'a>(log: &'a str, needle: &str) -> Option<&'a str> {
    log.lines().find(|l| l.contains(needle)).map(clean)
}

fn clean(line: &str) -> &str {
    let mut l = line.trim();
    for prefix in ["(XEN) ", "DOM1: "] {
        l = l.strip_prefix(prefix).unwrap_or(l);
    }
    if l.starts_with('[') {
        if let Some((_, rest)) = l.split_once("] ") {
            l = rest;
        }
    }
    l.trim()
}

fn or_missing(found: Option<&str>) -> String {
    found.map_or_else(|| "(not in the log!)".to_string(), str::to_string)
}

/// The clocks the driver domain's clk_summary lists: name and rate.
fn clocks(log: &str) -> Vec<String> {
    log.lines()
        .filter(|l| l.starts_with("(XEN) DOM1: "))
        .map(|l| l.trim_start_matches("(XEN) DOM1: ").split_whitespace())
        .filter_map(|mut words| {
            let name = words.next()?;
            if !name.starts_with("scmi_") {
                return None;
            }
            let rate = words.nth(3)?;
            Some(format!("{name} ({rate} Hz)"))
        })
        .collect()
}

/// The protocol drivers Linux bound to SCMI devices.
fn drivers(log: &str, prefix: &str) -> Vec<String> {
    log.lines()
        .filter(|l| l.starts_with(prefix) && l.contains("INIT: scmi-device"))
        .filter_map(|l| l.split("driver=").nth(1).map(str::trim))
        .filter(|d| *d != "none")
        .map(str::to_string)
        .collect()
}

fn counters(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|l| l.strip_prefix("EL3: scmi-count "))
        .map(str::to_string)
        .collect()
}

fn summary(logs: &Logs) -> String {
    let p = &logs.passthrough;
    let mut out = String::new();
    let mut add = |label: &str, text: String| {
        out.push_str(&format!("{label:<10}{text}\n"));
    };
    out_header(&mut add);
    add(
        "owner",
        format!(
            "{} (the dom0less driver domain `domD`, xen,sci_type = \"scmi_smc\")",
            or_missing(line(p, "owns SCMI"))
        ),
    );
    add(
        "Xen",
        or_missing(line(p, "SCMI: forwarding SMC")).to_string(),
    );
    add("dom0", or_missing(line(p, "INIT: dom0 dt lacks")));
    add(
        "",
        if p.contains("INIT: dom0 dt has an SCMI node") {
            "has an SCMI or shmem node (unexpected!)".into()
        } else {
            "no node compatible with arm,scmi-smc or arm,scmi-shmem in its device tree".into()
        },
    );
    add("", or_missing(line(p, "SCMI: dom0 may map")));
    add("domD", or_missing(line(p, "SCMI Protocol v")));
    add("", format!("clocks: {}", clocks(p).join(", ")));
    add(
        "",
        format!(
            "protocol drivers bound: {}",
            drivers(p, "(XEN) DOM1:").join(", ")
        ),
    );
    add(
        "firmware",
        format!("{} (client = domain id + 1)", counters(p).join("; ")),
    );
    add(
        "refused",
        format!(
            "a second SCMI domain: {}",
            or_missing(line(&logs.second_owner, "owned by d1"))
        ),
    );
    add(
        "",
        format!(
            "then Xen stops the boot, as for any dom0less domain it cannot create: {}",
            or_missing(line(&logs.second_owner, "Error creating domain"))
        ),
    );
    add(
        "",
        format!(
            "a domain without SCMI calling the SMC: {}",
            or_missing(line(&logs.refused, "(d2) PROBE: scmi-smc x0="))
        ),
    );
    add(
        "",
        or_missing(line(
            &logs.refused,
            &format!("SMC {SCMI_SMC_ID:#x} refused"),
        )),
    );
    add(
        "",
        format!(
            "firmware counted only the owner: {}",
            counters(&logs.refused).join("; ")
        ),
    );
    add(
        "logs",
        SCENARIOS
            .iter()
            .map(|s| logs_dir().join(format!("{s}.log")).display().to_string())
            .collect::<Vec<_>>()
            .join(" "),
    );
    out
}

fn out_header(add: &mut impl FnMut(&str, String)) {
    add(
        "",
        "SCMI on Xen 4.17 with the Rust mediator: passthrough to a driver domain".into(),
    );
}
