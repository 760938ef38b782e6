//! `cargo xtask <command>`: the project's automation. `cargo xtask --help`
//! lists the commands, `cargo xtask <command> --help` their options; both
//! come from the definitions below, so they cannot drift from what is
//! accepted, and anything else on the command line is refused.

mod bench;
mod checks;
mod corpus;
mod demo;
mod disasm;
mod firmware;
mod fresh;
mod probe;
mod qemu;
mod sections;
mod series;
mod setup;
mod smccc_codegen;
mod target;
mod test;
mod tools;
mod util;
mod xen;

use anyhow::Result;
use clap::{Parser, Subcommand};
use target::{TargetArgs, XenVersion};

/// The automation of the Rust SCMI-over-SMC mediator for Xen on Arm:
/// set-up, Xen builds and their checks, the QEMU scenarios, tests,
/// benchmarks.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install every Debian package and Rust target the project uses, each
    /// checked on its own (idempotent)
    Setup,
    /// Build Xen with an SCMI-SMC mediator and print the paths of `xen` and
    /// `xen-syms`
    ///
    /// 4.17 is Debian's Xen 4.17 with patches/xen-4.17 and the Rust
    /// mediator; 4.22 is upstream Xen 4.22.0 with patches/xen-4.22 and the
    /// Rust mediator (also with its multi-agent option), upstream's C one
    /// with our fixes, or the C one unmodified.
    Xen(XenArgs),
    /// Check the linked `xen-syms`: the mediator's functions, device entry
    /// and ops table, its options, no fmt/panic code, no FP/SIMD
    CheckBuild(TargetArgs),
    /// Sizes of the mediator as linked into Xen; on 4.22 side by side with
    /// upstream's C mediator
    Size(TargetArgs),
    /// Build the EL3 test firmware (PSCI and an SCMI server) for QEMU
    Firmware {
        /// Then boot it once under QEMU with its smoke payload
        #[arg(long)]
        smoke: bool,
    },
    /// Build the bare-metal probe guest (an arm64 Image, checked position
    /// independent)
    Probe,
    /// Cross-build the Xen tools dom0 needs (xl, libxl, xenstored,
    /// xenconsoled) for arm64
    Tools {
        /// The Xen tree whose tools are built
        #[arg(long, value_name = "VERSION", default_value = "4.17")]
        xen: XenVersion,
    },
    /// Boot QEMU scenarios and check their console logs (`qemu list` lists
    /// them)
    Qemu(qemu::Args),
    /// The work as a `git format-patch` series against Debian's Xen 4.17 or
    /// upstream 4.22.0
    Series(series::Options),
    /// The policy over every board device tree of Debian's arm64 kernel
    /// package, each result checked against an independent reading
    /// (dtoolkit); checks docs/boards.md
    Corpus(corpus::Options),
    /// Every test: rustfmt, clippy, host tests, fuzzing, Xen builds and
    /// their checks, the patch series, the firmware and the QEMU scenarios
    Test(test::Options),
    /// Set up, build Xen with the Rust mediator, boot the `passthrough`,
    /// `second-owner` and `refused` scenarios and summarise their logs
    Demo,
    /// Cost of an SCMI round trip under QEMU -icount, Rust mediator against
    /// C, and the Rust part's size
    Bench(bench::Options),
    /// The demo and the test command in a clean Debian bookworm root
    /// (mmdebstrap) from a clone of HEAD: the new-machine check
    Fresh,
}

/// Options of `cargo xtask xen`.
#[derive(clap::Args)]
struct XenArgs {
    #[command(flatten)]
    target: TargetArgs,
    /// Build from this Xen source tree (copied) instead of the usual base
    #[arg(long, value_name = "DIR")]
    xen_src: Option<std::path::PathBuf>,
}

fn main() {
    let cli = Cli::parse();
    if let Err(err) = dispatch(cli.command) {
        eprintln!("xtask: error: {err:#}");
        std::process::exit(1);
    }
}

fn dispatch(command: Command) -> Result<()> {
    // Every command reads or writes under the checkout: find it first, so
    // a checkout xtask cannot place fails before anything runs.
    util::find_project_root()?;
    match command {
        Command::Setup => setup::setup(),
        Command::Xen(args) => xen::command(args.target.target()?, args.xen_src.as_deref()),
        Command::CheckBuild(args) => checks::check_build(&xen::build(args.target()?)?),
        Command::Size(args) => size(args.target()?),
        Command::Firmware { smoke: true } => firmware::smoke(),
        Command::Firmware { smoke: false } => {
            let bin = firmware::build()?;
            println!("firmware: {}", bin.display());
            Ok(())
        }
        Command::Probe => {
            let image = probe::build()?;
            println!("probe guest: {}", image.display());
            Ok(())
        }
        Command::Tools { xen } => {
            let stage = tools::build(xen)?;
            println!("tools: {}", stage.display());
            Ok(())
        }
        Command::Qemu(args) => qemu::run(args),
        Command::Series(options) => series::command(&options),
        Command::Corpus(options) => corpus::command(&options),
        Command::Test(options) => test::command(&options),
        Command::Demo => demo::command(),
        Command::Bench(options) => bench::command(&options),
        Command::Fresh => fresh::command(),
    }
}

/// `cargo xtask size`: the Rust part as linked; on 4.22, side by side with
/// upstream's C mediator.
fn size(target: target::Target) -> Result<()> {
    checks::size_report(&xen::build(target)?)?;
    if target.xen == XenVersion::V422 {
        sections::compare_upstream()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::{CommandFactory, Parser};

    fn parse(line: &str) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("cargo xtask").chain(line.split_whitespace()))
    }

    #[test]
    fn the_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn unknown_arguments_are_refused() {
        for line in [
            "size --xne 4.22",
            "size --xen 4.23",
            "check-build extra",
            "tools --mediator c",
            "probe --release",
            "setup now",
            "firmware --smok",
            "demo passthrough",
            "fresh --keep",
            "bench --runs 0",
            "bench --mediator c",
            "series --mediator rust",
            "qemu --xen 4.22",
            "test --fuzz-seconds soon",
            "corpus --write",
            "corpus rockchip",
            "frobnicate",
        ] {
            assert!(parse(line).is_err(), "`{line}` was accepted");
        }
    }

    #[test]
    fn the_documented_forms_are_accepted() {
        for line in [
            "setup",
            "xen",
            "xen --xen 4.22 --mediator c-unpatched --xen-src /tmp/xen",
            "check-build --xen 4.22 --mediator rust-multi-agent",
            "size --xen 4.22",
            "firmware --smoke",
            "probe",
            "tools --xen 4.22",
            "qemu list",
            "qemu --xen 4.22 --mediator c hwdom passthrough -q --timeout 90",
            "qemu all --icount --qemu-psci --firmware fw.bin",
            "series --xen 4.22 --check -o /tmp/out",
            "test --no-qemu --fuzz-seconds 5",
            "corpus",
            "corpus --write-docs",
            "demo",
            "bench --xen 4.17 --runs 3 --n 200",
            "fresh",
        ] {
            if let Err(err) = parse(line) {
                panic!("`{line}` was refused: {err}");
            }
        }
    }
}
