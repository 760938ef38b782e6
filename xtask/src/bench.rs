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

use crate::sections::{DATA, INIT_RODATA, INIT_TEXT, RODATA, TEXT};
use crate::target::{Target, XenVersion};
use crate::util::{logs_dir, step};
use anyhow::{Context, Result};
use parse::Sample;
use report::Row;

/// Target: the Rust part's resident text + rodata, in bytes.
const SIZE_TARGET: u64 = 3 * 1024;

/// Options of `cargo xtask bench`.
#[derive(clap::Args)]
pub struct Options {
    /// The Xen our mediator is measured on (upstream's C mediator always
    /// runs on 4.22); unlike the other commands, 4.22 unless told
    #[arg(long, value_name = "VERSION", default_value = "4.22")]
    xen: XenVersion,
    /// Measured runs of each configuration, after the checked one
    #[arg(long, value_name = "R", default_value_t = 2,
          value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// SCMI round trips per run
    #[arg(long = "n", value_name = "N", default_value_t = 1000,
          value_parser = clap::value_parser!(u32).range(1..))]
    rounds: u32,
}

impl Options {
    /// The build our mediator is measured on.
    fn rust(&self) -> Target {
        match self.xen {
            XenVersion::V417 => Target::DEFAULT,
            XenVersion::V422 => Target::UPSTREAM_RUST,
        }
    }
}

/// `cargo xtask bench`.
pub fn command(o: &Options) -> Result<()> {
    let build = crate::xen::build(o.rust())?;
    let configs = configs::all(o.rust());

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

    // Each trace needs a run of its own: few rounds, same configuration.
    let paths = traces(&configs)?;
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
    print_paths(&paths);
    print_static(&build, &sizes);
    println!();
    crate::sections::compare_upstream()
}

/// One traced handler: what it is, and its paths.
struct Traced {
    label: String,
    syms: std::path::PathBuf,
    path: trace::PathCount,
}

/// The handlers' owner paths, function against function: upstream C's
/// `scmi_handle_smc` in (a), ours in (b), the multi-agent one in (d) and
/// the same with 4 pCPUs busy (on 4.22).
fn traces(configs: &[configs::Config]) -> Result<Vec<Traced>> {
    let mut out = Vec::new();
    let mut one = |label: String,
                   scenario: crate::qemu::Scenario,
                   target: Target,
                   handler: &str,
                   tag: &str|
     -> Result<()> {
        crate::qemu::run_icount(&scenario)?;
        let tree = crate::xen::build(target)?;
        let path = trace::count(&tree, scenario.name, handler, tag)?;
        out.push(Traced {
            label,
            syms: tree.syms(),
            path,
        });
        Ok(())
    };
    for config in configs {
        let crate::qemu::Image::Xen(target) = config.xen else {
            continue;
        };
        let handler = match config.key {
            "c-dom0" => trace::C_HANDLER,
            "rust-dom0" => trace::RUST_HANDLER,
            "rust-agent2" => trace::MULTI_AGENT_HANDLER,
            _ => continue,
        };
        let scenario = config.scenario(trace::ROUNDS, "trace");
        let label = format!("{}: {handler}", config.label);
        one(label, scenario, target, handler, config.key)?;
    }
    if configs.iter().any(|c| c.key == "rust-agent2") {
        for (label, cpus) in [
            ("(e) multi-agent, agents 2-4 and a flood sharing 1 pCPU", 1),
            ("(f) the same on 4 pCPUs, all busy at once", 4),
        ] {
            let scenario = configs::busy(trace::BUSY_ROUNDS, cpus);
            let tag = scenario.name;
            one(
                label.into(),
                scenario,
                Target::UPSTREAM_MULTI_AGENT,
                trace::MULTI_AGENT_HANDLER,
                tag,
            )?;
        }
    }
    Ok(out)
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

/// The lengths of `path`'s owner calls that make up at least a tenth of
/// them, shortest first, with how often each was seen; and how many calls
/// were of other lengths (those that took an interrupt inside the handler
/// count its traced instructions too). One length for a single agent; in
/// the multi-agent mode each agent has its own (the table of agents is
/// searched in order).
fn regular(path: &trace::PathCount) -> (Vec<(u64, u32)>, usize) {
    let mut counts = std::collections::BTreeMap::new();
    for n in &path.per_call {
        *counts.entry(*n).or_insert(0u32) += 1;
    }
    let calls = path.per_call.len();
    let regular: Vec<(u64, u32)> = counts
        .into_iter()
        .filter(|(_, times)| *times as usize * 10 >= calls)
        .collect();
    let seen: usize = regular.iter().map(|(_, t)| *t as usize).sum();
    (regular, calls - seen)
}

/// The most common length among `values` (0 if none).
fn most_common(values: &[u64]) -> u64 {
    let mut counts = std::collections::BTreeMap::new();
    for n in values {
        *counts.entry(*n).or_insert(0u32) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, times)| *times)
        .map_or(0, |(n, _)| n)
}

/// Function against function: each traced handler's owner path, with its
/// callees, against upstream C's.
fn print_paths(paths: &[Traced]) {
    println!(
        "\nthe mediator's own function, owner path (handler and callees as linked, traced; \
         the smc counts as one):"
    );
    let reference = paths
        .first()
        .and_then(|t| regular(&t.path).0.first().map(|(n, _)| *n as f64))
        .unwrap_or(0.0);
    let ratio = |n: u64| {
        if reference > 0.0 {
            format!("{:.2}", n as f64 / reference)
        } else {
            "-".into()
        }
    };
    for traced in paths {
        let (lengths, others) = regular(&traced.path);
        let shown: Vec<String> = lengths
            .iter()
            .map(|(n, times)| format!("{n} (x{times}, ratio {})", ratio(*n)))
            .collect();
        println!("  {}", traced.label);
        println!(
            "      {} instructions; {} calls traced, {others} of other lengths (interrupted \
             inside); body {} instructions; {}",
            shown.join(", "),
            traced.path.per_call.len(),
            traced.path.body,
            traced.syms.display()
        );
        for (name, n) in &traced.path.by_function {
            println!("      {n:>4}  {name}");
        }
        if !traced.path.not_ours.is_empty() {
            println!(
                "      (a SiP call that is not SCMI's id, most often: {} instructions)",
                most_common(&traced.path.not_ours)
            );
        }
    }
    if let Some((_, ours)) = paths.split_first() {
        println!("  target: ours at most half of C's (ratio <= 0.50)");
        for traced in ours {
            for (n, _) in regular(&traced.path).0 {
                let verdict = if n as f64 <= reference * 0.5 {
                    "met"
                } else {
                    "NOT met"
                };
                println!("    {}, {n}: {} -> {verdict}", traced.label, ratio(n));
            }
        }
    }
}

fn print_static(build: &crate::xen::XenBuild, sizes: &crate::checks::Sizes) {
    println!(
        "\nstatic figures (our Xen as linked, {}):",
        build.syms().display()
    );
    let rust = sizes.rust.0;
    let (text, rodata, data) = (rust[TEXT], rust[RODATA], rust[DATA]);
    let total = text + rodata;
    let gap = if total <= SIZE_TARGET {
        "met".to_owned()
    } else {
        format!("NOT met, {} bytes over", total - SIZE_TARGET)
    };
    println!(
        "  Rust part, resident: text {text}, rodata {rodata}, data {data} bytes; text+rodata \
         {total} (target <= {SIZE_TARGET}: {gap}); boot-only: .init.text {}, .init.rodata {}",
        rust[INIT_TEXT], rust[INIT_RODATA]
    );
    let helpers = sizes.helpers.0;
    let (ctext, cinit) = (helpers[TEXT], helpers[INIT_TEXT]);
    println!("  C helpers beside it: text {ctext}, .init.text {cinit} bytes");
}
