//! `--check`: build the tree after each commit of the series.
//!
//! Every step builds the hypervisor with Xen's defconfig plus
//! `CONFIG_SCMI_SMC=y`; before the build-glue patch Kconfig does not know
//! the option and drops it, which is reported, so the early patches are
//! built exactly as a bisect would build them. Builds are incremental
//! (the tree only moves forward) and share one cargo target directory
//! through `SCMI_RS_TARGET_DIR`, so a step costs little more than what it
//! changed. Crate commits run their own check as well: the policy crate's
//! host tests, and bindgen over the tree for the bindings.

use super::crates::cargo;
use super::RS_DIR;
use crate::util::step;
use crate::xen::MAKE_VARS;
use anyhow::{bail, Context, Result};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// What a step checks besides the hypervisor build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extra {
    None,
    /// `cargo test` of the policy crate, in the tree.
    HostTests,
    /// The bindings crate built against the tree just configured.
    Bindings,
}

/// The outcome of one step.
struct Outcome {
    n: usize,
    subject: String,
    scmi: bool,
    extra: Extra,
    time: Duration,
    error: Option<String>,
}

/// Builds each step and remembers the outcomes.
pub struct Checker {
    tree: PathBuf,
    logs: PathBuf,
    target: PathBuf,
    outcomes: Vec<Outcome>,
}

impl Checker {
    /// A checker for `tree`, keeping logs and cargo's output under `work`.
    pub fn new(work: &Path, tree: &Path) -> Self {
        Checker {
            tree: tree.to_path_buf(),
            logs: work.join("logs"),
            target: work.join("cargo-target"),
            outcomes: Vec::new(),
        }
    }

    /// Builds the tree as it is now (after commit `n`) and prints one line.
    pub fn check(&mut self, n: usize, subject: &str, extra: Extra) -> Result<()> {
        fs::create_dir_all(&self.logs)?;
        let log = self.logs.join(format!("{n:02}.log"));
        let start = Instant::now();
        let mut scmi = false;
        let res = self.build(&log, &mut scmi, extra);
        let out = Outcome {
            n,
            subject: subject.to_string(),
            scmi,
            extra,
            time: start.elapsed(),
            error: res.err().map(|e| format!("{e:#} (log: {})", log.display())),
        };
        println!("    {}", line(&out));
        self.outcomes.push(out);
        Ok(())
    }

    fn build(&self, log: &Path, scmi: &mut bool, extra: Extra) -> Result<()> {
        let hv = self.tree.join("xen");
        self.make(&hv, log, &["defconfig"])?;
        let config = hv.join(".config");
        let mut text = fs::read_to_string(&config)?;
        text.push_str("CONFIG_SCMI_SMC=y\n");
        fs::write(&config, text)?;
        self.make(&hv, log, &["olddefconfig"])?;
        *scmi = fs::read_to_string(&config)?
            .lines()
            .any(|l| l == "CONFIG_SCMI_SMC=y");
        let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
        let target = format!("SCMI_RS_TARGET_DIR={}", self.target.display());
        self.make(&hv, log, &[&format!("-j{jobs}"), &target])?;
        match extra {
            Extra::None => Ok(()),
            Extra::HostTests => self.cargo(log, &["test", "-p", "scmi_smc"], &[]),
            Extra::Bindings => {
                let hv = hv.display().to_string();
                self.cargo(
                    log,
                    &["build", "--release", "-p", "xen-bindings"],
                    &[
                        ("XEN_SRC", hv.as_str()),
                        ("XEN_OBJ", hv.as_str()),
                        ("CC_aarch64_unknown_none_softfloat", "aarch64-linux-gnu-gcc"),
                    ],
                )
            }
        }
    }

    fn make(&self, hv: &Path, log: &Path, args: &[&str]) -> Result<()> {
        let mut cmd = Command::new("make");
        cmd.current_dir(hv).arg("-s").args(MAKE_VARS).args(args);
        logged(&mut cmd, log).with_context(|| format!("make {}", args.join(" ")))
    }

    fn cargo(&self, log: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<()> {
        let mut cmd = Command::new(cargo());
        cmd.args(args)
            .args(["--offline", "--locked", "--manifest-path"])
            .arg(self.tree.join(RS_DIR).join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &self.target);
        if args.contains(&"xen-bindings") {
            cmd.args(["--target", "aarch64-unknown-none-softfloat"]);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        logged(&mut cmd, log).with_context(|| format!("cargo {}", args.join(" ")))
    }

    /// Prints the summary; fails if any step failed.
    pub fn report(&self) -> Result<()> {
        step("series --check: one line per patch");
        for o in &self.outcomes {
            println!("{}", line(o));
        }
        let failed = self.outcomes.iter().filter(|o| o.error.is_some()).count();
        println!(
            "series --check: {} of {} patches build",
            self.outcomes.len() - failed,
            self.outcomes.len()
        );
        if failed > 0 {
            bail!("{failed} patch(es) of the series do not build on their own");
        }
        Ok(())
    }
}

fn line(o: &Outcome) -> String {
    let config = if o.scmi {
        "CONFIG_SCMI_SMC=y"
    } else {
        "no CONFIG_SCMI_SMC"
    };
    let extra = match o.extra {
        Extra::None => "",
        Extra::HostTests => " + policy crate host tests",
        Extra::Bindings => " + bindgen over the tree",
    };
    let verdict = match &o.error {
        None => "ok".to_string(),
        Some(e) => format!("FAILED: {e}"),
    };
    format!(
        "{:02} {verdict} ({:.0?}; xen {config}{extra}) {}",
        o.n, o.time, o.subject
    )
}

/// Runs `cmd` with its output appended to `log`.
fn logged(cmd: &mut Command, log: &Path) -> Result<()> {
    let file = File::options().create(true).append(true).open(log)?;
    let status = cmd
        .stdout(file.try_clone()?)
        .stderr(file)
        .status()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("exit status {status}");
    }
    Ok(())
}
