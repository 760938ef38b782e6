//! `cargo xtask bench [--xen 4.22|4.17] [--runs R] [--n N]`: what an SCMI
//! call costs through the Rust mediator, against upstream's C mediator in
//! the same Xen 4.22 tree built with the same compiler (and, as an extra,
//! Debian's Xen 4.20), all under QEMU `-icount shift=0` (one virtual ns per
//! instruction), so the figures are instruction counts and repeated runs
//! must agree exactly.
//!
//! Every configuration boots once through the QEMU harness (which builds
//! and checks it), then R times more (default 2), interleaved, with
//! icount's idle time made deterministic too (`rerun.rs`); the table comes
//! from the first of those and the others are compared with it. Then the
//! static figures: the owner path of `handle_call` as linked (traced, see
//! `trace.rs`) and the Rust part's sizes. Targets are reported, never
//! enforced: timings have no place in pass/fail tests.

mod configs;
mod park;
mod parse;
mod report;
mod rerun;
mod trace;

use crate::target::{Mediator, Target};
use crate::util::{logs_dir, step};
use anyhow::{bail, Context, Result};
use parse::Sample;
use report::Row;

/// Target: the Rust part's text + rodata, in bytes.
const SIZE_TARGET: u64 = 3 * 1024;

struct Options {
    runs: u32,
    rounds: u32,
    /// The build our mediator is measured on.
    rust: Target,
}

fn options(args: &[String]) -> Result<Options> {
    let mut o = Options {
        runs: 2,
        rounds: 1000,
        rust: Target::UPSTREAM_RUST,
    };
    // Unlike the other commands, the bench measures on 4.22 unless told.
    let chose_xen = args.iter().any(|a| a == "--xen");
    let (target, args) = Target::from_args(args)?;
    if target.mediator != Mediator::Rust {
        bail!("bench measures both mediators; --mediator is not taken");
    }
    if chose_xen {
        o.rust = target;
    }
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| -> Result<u32> {
            let v = iter
                .next()
                .with_context(|| format!("{name} needs a number"))?;
            v.parse()
                .with_context(|| format!("{name} {v}: not a number"))
        };
        match arg.as_str() {
            "--runs" => o.runs = value("--runs")?.max(1),
            "--n" => o.rounds = value("--n")?.max(1),
            other => bail!(
                "unknown option {other}; usage: cargo xtask bench [--xen 4.22|4.17] [--runs R] [--n N]"
            ),
        }
    }
    Ok(o)
}

/// `cargo xtask bench`.
pub fn command(args: &[String]) -> Result<()> {
    let o = options(args)?;
    let build = crate::xen::build(o.rust)?;
    let configs = configs::all(o.rust);

    // The harness boots each configuration once (building what it needs
    // and checking the run), then the measured runs repeat it exactly.
    let mut exact_args = Vec::new();
    for config in &configs {
        let scenario = config.scenario(o.rounds, "harness");
        crate::qemu::run_icount(&scenario)?;
        exact_args.push(rerun::exact(&rerun::harness_args(scenario.name)?)?);
    }
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); configs.len()];
    for run in 1..=o.runs {
        for ((config, args), runs) in configs.iter().zip(&exact_args).zip(&mut samples) {
            let log = logs_dir().join(format!("bench-{}-{run}.log", config.key));
            step(&format!(
                "{}: measured run {run} (log: {})",
                config.key,
                log.display()
            ));
            let text = rerun::run(args, &log)?;
            let sample = parse::sample(&text, config.line_prefix, config.client)
                .with_context(|| format!("reading {}", log.display()))?;
            runs.push(sample);
        }
    }

    // The trace needs a run of its own: few rounds, same configuration.
    let traced = configs[1].scenario(trace::ROUNDS, "trace");
    crate::qemu::run_icount(&traced)?;
    let path = trace::count(&build, traced.name)?;
    let sizes = crate::checks::sizes(&build)?;

    step("results");
    println!(
        "\ncargo xtask bench: probe loops of n={} calls, QEMU -icount shift=0 \
         (1 instruction = 1 virtual ns), 1 CPU, {} run(s) of each configuration\n",
        o.rounds, o.runs
    );
    let labels: Vec<&str> = configs.iter().map(|c| c.label).collect();
    let rows: Vec<Row> = samples
        .iter()
        .map(|runs| Row::from_sample(&runs[0]))
        .collect();
    print!("{}", report::table(&labels, &rows));
    println!(
        "  round trip: the probe's SCMI loop (Base PROTOCOL_VERSION) per call; trap: its\n  \
         SMCCC_VERSION loop (Xen answers it: trap and return); firmware: EL3 cycles per\n  \
         SCMI call (EL3: scmi-cost); mediator = round trip - trap - firmware (it also holds\n  \
         the probe's own message handling and the EL3 vector, alike in every row); ratio:\n  \
         mediator / row (a)'s. null SMC: an id nobody handles, Xen answers -1 and formats\n  \
         (in (c) also prints) an \"Unhandled SMC/HVC\" line; for reference only."
    );
    print_calls_note(&configs, &samples, o.rounds);
    print_agreement(&labels, &samples);
    print_targets(&configs, &rows);
    print_static(&build, &path, &sizes);
    println!();
    crate::sections::compare_upstream()
}

/// The firmware must have seen exactly the probe's calls from its client.
fn print_calls_note(configs: &[configs::Config], samples: &[Vec<Sample>], rounds: u32) {
    for (config, runs) in configs.iter().zip(samples) {
        if let Some(s) = runs.iter().find(|s| s.fw_calls != u64::from(rounds)) {
            println!(
                "  note: {}: firmware saw {} SCMI calls from client {}, the probe made {rounds}",
                config.label, s.fw_calls, config.client
            );
        }
    }
}

fn print_agreement(labels: &[&str], samples: &[Vec<Sample>]) {
    let lines: Vec<String> = labels
        .iter()
        .zip(samples)
        .flat_map(|(label, runs)| report::disagreements(label, runs))
        .collect();
    let runs = samples.first().map_or(0, Vec::len);
    println!();
    if runs < 2 {
        println!("repeated runs: only one run, nothing to compare");
    } else if lines.is_empty() {
        println!("repeated runs: all {runs} runs of every configuration agree exactly (raw ticks and cycles)");
    } else {
        println!("repeated runs: NOT all equal; under -icount they should be:");
        for line in lines {
            println!("  {line}");
        }
    }
}

fn print_targets(configs: &[configs::Config], rows: &[Row]) {
    let Some(reference) = rows.first().map(Row::mediator) else {
        return;
    };
    println!(
        "\ntarget: mediator share no larger than row (a)'s, upstream's C mediator in Xen 4.22 \
         (ratio <= 1.00), aim 0.50"
    );
    for (config, row) in configs
        .iter()
        .zip(rows)
        .filter(|(c, _)| c.key.starts_with("rust"))
    {
        let ratio = row.mediator() / reference;
        let verdict = if ratio <= 0.5 {
            "met, and the aim too"
        } else if ratio <= 1.0 {
            "met; aim not reached"
        } else {
            "NOT met"
        };
        println!("  {}: {ratio:.2} -> {verdict}", config.label);
    }
}

fn print_static(
    build: &crate::xen::XenBuild,
    path: &trace::PathCount,
    sizes: &crate::checks::Sizes,
) {
    // The most common count is the path; a call that took an interrupt
    // inside handle_call counts the handler's traced instructions too.
    let mut counts = std::collections::BTreeMap::new();
    for n in &path.per_call {
        *counts.entry(*n).or_insert(0u32) += 1;
    }
    let (instructions, times) = counts
        .iter()
        .max_by_key(|(_, times)| **times)
        .map_or((0, 0), |(n, t)| (*n, *t));
    let same = if counts.len() == 1 {
        "all equal".to_owned()
    } else {
        format!(
            "{times} equal, the others interrupted inside it: {:?}",
            path.per_call
                .iter()
                .filter(|n| **n != instructions)
                .collect::<Vec<_>>()
        )
    };
    println!(
        "\nstatic figures (our Xen as linked, {}):",
        build.syms().display()
    );
    println!(
        "  handle_call owner path: {instructions} instructions executed per forwarded call \
         ({} calls traced, {same}); handle_call's body has {} instructions",
        path.per_call.len(),
        path.body
    );
    for (name, n) in &path.by_function {
        println!("    {n:>4}  {name}");
    }
    if let Some(n) = path.not_ours.first() {
        println!("  (a SiP call that is not SCMI's id takes {n} instructions through handle_call)");
    }
    let [text, rodata, data] = sizes.rust;
    let total = text + rodata;
    let gap = if total <= SIZE_TARGET {
        "met".to_owned()
    } else {
        format!("NOT met, {} bytes over", total - SIZE_TARGET)
    };
    println!(
        "  Rust part: text {text}, rodata {rodata}, data {data} bytes; text+rodata {total} \
         (target <= {SIZE_TARGET}: {gap})"
    );
    let [ctext, crodata, cdata] = sizes.helpers;
    println!("  C helpers beside it: text {ctext}, rodata {crodata}, data {cdata} bytes");
}
