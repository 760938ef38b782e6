//! `--check`: build the tree after each commit of the series.
//!
//! Every step builds the hypervisor with Xen's defconfig plus the Rust
//! mediator's option (`CONFIG_SCMI_SMC=y` on 4.17, `CONFIG_SCMI_SMC_RS=y`
//! on 4.22); before the build-glue patch Kconfig does not know the option
//! and drops it, which is reported, so the early patches are built exactly
//! as a bisect would build them. Builds are incremental
//! (the tree only moves forward) and share one cargo target directory
//! through `RUST_TARGET_DIR`, so a step costs little more than what it
//! changed. Crate commits run their own check as well: the policy crate's
//! host tests, and bindgen over the tree for the bindings.
//!
//! After the last patch, [`Checker::check_offline`] builds the hypervisor
//! as a distribution would: the crates vendored with `cargo vendor`, an
//! empty `CARGO_HOME`, cargo offline, every proxy pointing at a closed
//! port and a fresh cargo target directory, so the build can neither
//! reach a registry nor reuse anything compiled before. Then
//! [`Checker::check_alternative`] builds it once more with each other
//! choice entry that builds the Rust sources (the multi-agent mediator on
//! 4.22) in place of the mediator's symbol.

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
    /// False when the commit did not touch xen/ and the build of the
    /// commit before stands for it.
    rebuilt: bool,
}

/// Builds each step and remembers the outcomes.
pub struct Checker {
    tree: PathBuf,
    logs: PathBuf,
    target: PathBuf,
    /// The Kconfig symbol of the Rust mediator.
    symbol: &'static str,
    /// What each build adds to the defconfig (Rust support and `symbol`).
    config: &'static [&'static str],
    outcomes: Vec<Outcome>,
    /// The builds with another choice entry: the entry, how long, the
    /// error if any.
    alternatives: Vec<(&'static str, Duration, Option<String>)>,
    /// The offline build: how long it took, and its error if it failed.
    offline: Option<(Duration, Option<String>)>,
}

impl Checker {
    /// A checker for `tree`, keeping logs and cargo's output under `work`,
    /// that enables `symbol` once Kconfig knows it.
    pub fn new(
        work: &Path,
        tree: &Path,
        symbol: &'static str,
        config: &'static [&'static str],
    ) -> Self {
        Checker {
            tree: tree.to_path_buf(),
            logs: work.join("logs"),
            target: work.join("cargo-target"),
            symbol,
            config,
            outcomes: Vec::new(),
            alternatives: Vec::new(),
            offline: None,
        }
    }

    /// Builds the tree as it is now (after commit `n`) and prints one line.
    pub fn check(&mut self, n: usize, subject: &str, extra: Extra) -> Result<()> {
        fs::create_dir_all(&self.logs)?;
        let log = self.logs.join(format!("{n:02}.log"));
        let start = Instant::now();
        // A commit that leaves xen/ alone (documentation, SUPPORT.md, the
        // tools) builds the same hypervisor as the one before it, which
        // was built: say so rather than build it again.
        if n > 1 && extra == Extra::None && !self.touches_hypervisor()? {
            let out = Outcome {
                n,
                subject: subject.to_string(),
                scmi: self.outcomes.last().is_some_and(|o| o.scmi),
                extra,
                time: start.elapsed(),
                error: None,
                rebuilt: false,
            };
            println!("    {}", line(&out, self.symbol));
            self.outcomes.push(out);
            return Ok(());
        }
        let mut scmi = false;
        let res = self.build(&log, &mut scmi, extra, None);
        let out = Outcome {
            n,
            subject: subject.to_string(),
            scmi,
            extra,
            time: start.elapsed(),
            error: res.err().map(|e| format!("{e:#} (log: {})", log.display())),
            rebuilt: true,
        };
        println!("    {}", line(&out, self.symbol));
        self.outcomes.push(out);
        Ok(())
    }

    /// True when the last commit changed anything under xen/.
    fn touches_hypervisor(&self) -> Result<bool> {
        let paths = super::git::last_commit_paths(&self.tree)?;
        Ok(paths.iter().any(|p| p.starts_with("xen/")))
    }

    /// Builds the tree as it is now once more with the choice entry
    /// `entry` in place of the mediator's symbol, and prints one line.
    /// Kconfig must keep the entry.
    pub fn check_alternative(&mut self, entry: &'static str) -> Result<()> {
        let what = format!("the last commit with {entry}=y");
        let (time, error) = self.timed(&format!("{entry}.log"), &what, |me, log| {
            me.build(log, &mut false, Extra::None, Some(entry))
        })?;
        self.alternatives.push((entry, time, error));
        Ok(())
    }

    /// Runs `run` with a fresh log `name`, prints `what` with its verdict
    /// and time, and returns both (the error with the log's path).
    fn timed(
        &self,
        name: &str,
        what: &str,
        run: impl FnOnce(&Self, &Path) -> Result<()>,
    ) -> Result<(Duration, Option<String>)> {
        fs::create_dir_all(&self.logs)?;
        let log = self.logs.join(name);
        let _ = fs::remove_file(&log);
        let start = Instant::now();
        let error = run(self, &log)
            .err()
            .map(|e| format!("{e:#} (log: {})", log.display()));
        let verdict = error
            .as_deref()
            .map_or("passed".into(), |e| format!("FAILED: {e}"));
        println!("    {what}: {verdict} ({:.0?})", start.elapsed());
        Ok((start.elapsed(), error))
    }

    /// Builds the hypervisor with the defconfig, `self.config` and the
    /// mediator's symbol, or with the choice entry `alternative` in its
    /// place (which Kconfig must keep).
    fn build(
        &self,
        log: &Path,
        scmi: &mut bool,
        extra: Extra,
        alternative: Option<&str>,
    ) -> Result<()> {
        let hv = self.tree.join("xen");
        self.make(&hv, log, &["defconfig"])?;
        let config = hv.join(".config");
        let symbol = format!("{}=y", self.symbol);
        let wanted = alternative.map_or_else(|| symbol.clone(), |a| format!("{a}=y"));
        let mut text = fs::read_to_string(&config)?;
        let extra_lines = self
            .config
            .iter()
            .map(|s| s.to_string())
            .filter(|l| *l != symbol);
        for line in extra_lines.chain(std::iter::once(wanted.clone())) {
            text.push_str(&line);
            text.push('\n');
        }
        fs::write(&config, text)?;
        self.make(&hv, log, &["olddefconfig"])?;
        let text = fs::read_to_string(&config)?;
        *scmi = text.lines().any(|l| l == wanted);
        if alternative.is_some() && !*scmi {
            bail!("Kconfig dropped {wanted}");
        }
        let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
        let target = format!("RUST_TARGET_DIR={}", self.target.display());
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

    /// Builds the tree as it is now once more, offline, the way a
    /// distribution builds. First without crates: an empty `CARGO_HOME`
    /// and no vendor directory must stop the build with the one line that
    /// names the missing crates. Then `cargo vendor` (the one step that
    /// may use the network, as a packager does once when preparing the
    /// sources) into `work/vendor`, and Xen's make with `RUST_VENDOR_DIR`
    /// naming it,
    /// an empty `CARGO_HOME`, `CARGO_NET_OFFLINE=true`, proxies on a
    /// closed port and a fresh target directory. Afterwards `CARGO_HOME`
    /// must still have no registry or git cache.
    pub fn check_offline(&mut self, work: &Path) -> Result<()> {
        let what = "offline build (vendored crates, empty CARGO_HOME, no network)";
        let result = self.timed("offline.log", what, |me, log| me.build_offline(work, log))?;
        self.offline = Some(result);
        Ok(())
    }

    fn build_offline(&self, work: &Path, log: &Path) -> Result<()> {
        let vendor = work.join("vendor");
        let home = work.join("empty-cargo-home");
        let target = work.join("cargo-target-offline");
        for dir in [&vendor, &home, &target] {
            if dir.exists() {
                fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
            }
        }
        fs::create_dir_all(&home)?;
        let manifest = self.tree.join(RS_DIR).join("Cargo.toml");
        logged(
            Command::new(cargo())
                .args(["vendor", "--locked", "--quiet", "--manifest-path"])
                .arg(&manifest)
                .arg(&vendor),
            log,
        )
        .context("cargo vendor")?;

        let hv = self.tree.join("xen");
        let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
        let closed = "http://127.0.0.1:9";
        let make = |vars: &[String]| {
            let mut cmd = Command::new("make");
            cmd.current_dir(&hv)
                .arg("-s")
                .args(MAKE_VARS)
                .args(vars)
                .env("CARGO_HOME", &home)
                .env("CARGO_NET_OFFLINE", "true")
                .env("CARGO_HTTP_PROXY", closed);
            for proxy in ["http_proxy", "https_proxy", "HTTPS_PROXY", "ALL_PROXY"] {
                cmd.env(proxy, closed);
            }
            cmd
        };

        // Without crates: the build must stop before cargo, saying which.
        let missing = self.logs.join("offline-without-crates.log");
        let _ = fs::remove_file(&missing);
        let without = [format!("RUST_TARGET_DIR={}", target.display())];
        if logged(&mut make(&without), &missing).is_ok() {
            bail!("the build without vendored crates and with an empty CARGO_HOME passed");
        }
        let said = fs::read_to_string(&missing)?;
        let Some(line) = said.lines().find(|l| l.contains("not available offline")) else {
            bail!(
                "the build without crates failed without naming the missing crates (log: {})",
                missing.display()
            );
        };
        let shown: String = line.chars().take(200).collect();
        println!("    without crates, make says: {shown}...");
        // Asking cargo whether its cache has the crates leaves an empty
        // index directory behind: start the vendored build from an empty
        // CARGO_HOME again.
        fs::remove_dir_all(&home)?;
        fs::create_dir_all(&home)?;

        let vars = [
            format!("-j{jobs}"),
            format!("RUST_VENDOR_DIR={}", vendor.display()),
            format!("RUST_TARGET_DIR={}", target.display()),
        ];
        logged(&mut make(&vars), log).context("make with an empty CARGO_HOME")?;

        let lib = target.join("aarch64-unknown-none-softfloat/release/libscmi_smc_rs.a");
        if !lib.exists() {
            bail!("cargo did not build {} offline", lib.display());
        }
        for cache in ["registry", "git"] {
            if home.join(cache).exists() {
                bail!("cargo wrote {} into the empty CARGO_HOME", cache);
            }
        }
        Ok(())
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
            println!("{}", line(o, self.symbol));
        }
        let failed = self.outcomes.iter().filter(|o| o.error.is_some()).count();
        println!(
            "series --check: {} of {} patches build",
            self.outcomes.len() - failed,
            self.outcomes.len()
        );
        let mut alternative_failed = false;
        for (entry, time, error) in &self.alternatives {
            match error {
                None => {
                    println!("series --check: the last commit with {entry}=y builds ({time:.0?})")
                }
                Some(e) => {
                    println!("series --check: the last commit with {entry}=y FAILED: {e}");
                    alternative_failed = true;
                }
            }
        }
        let offline_error = match &self.offline {
            None => None,
            Some((time, None)) => {
                println!(
                    "series --check: the offline build with an empty CARGO_HOME passed ({time:.0?})"
                );
                None
            }
            Some((_, Some(e))) => {
                println!("series --check: the offline build with an empty CARGO_HOME FAILED: {e}");
                Some(e)
            }
        };
        if failed > 0 {
            bail!("{failed} patch(es) of the series do not build on their own");
        }
        if alternative_failed {
            bail!("the series does not build with every Rust entry of the SCI driver choice");
        }
        if offline_error.is_some() {
            bail!("the series does not build offline from vendored crates");
        }
        Ok(())
    }
}

fn line(o: &Outcome, symbol: &str) -> String {
    let config = if o.scmi {
        format!("{symbol}=y")
    } else {
        format!("no {symbol}")
    };
    let extra = match o.extra {
        Extra::None => "",
        Extra::HostTests => " + policy crate host tests",
        Extra::Bindings => " + bindgen over the tree",
    };
    let verdict = match (&o.error, o.rebuilt) {
        (Some(e), _) => format!("FAILED: {e}"),
        (None, true) => "ok".to_string(),
        (None, false) => "ok, xen/ unchanged: the build before it stands".to_string(),
    };
    format!(
        "{:02} {verdict} ({:.0?}; xen {config}{extra}) {}",
        o.n, o.time, o.subject
    )
}

/// Runs `cmd` with its output appended to `log`.
pub(super) fn logged(cmd: &mut Command, log: &Path) -> Result<()> {
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
