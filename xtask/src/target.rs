//! Which Xen is built, and with which SCMI-SMC mediator: the `--xen` and
//! `--mediator` options shared by `xen`, `qemu`, `size`, `bench`, `series`
//! and `check-build`.

use anyhow::{bail, Context, Result};

/// The Xen base.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum XenVersion {
    /// Debian bookworm's 4.17.5 with our backport of the SCI layer.
    V417,
    /// Upstream 4.22.0, which has the SCI layer and a C mediator.
    V422,
}

/// The mediator linked into that Xen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mediator {
    /// Ours, in Rust.
    Rust,
    /// Ours, built with multi-agent SCMI (`CONFIG_SCMI_SMC_RS_MULTI_AGENT`,
    /// 4.22 only: its ABI has the agent id).
    RustMultiAgent,
    /// Upstream's C `scmi-smc.c`, with our fixes for 4.22 applied.
    C,
    /// Upstream's C mediator in the unmodified 4.22.0 tree: the reference
    /// for the SMCCC regression.
    CUnpatched,
}

impl Mediator {
    /// Whether the Rust mediator is built in (with or without options).
    pub fn is_rust(self) -> bool {
        matches!(self, Mediator::Rust | Mediator::RustMultiAgent)
    }
}

/// A Xen build: base and mediator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    pub xen: XenVersion,
    pub mediator: Mediator,
}

impl Target {
    /// What the demo and the plain commands build.
    pub const DEFAULT: Target = Target {
        xen: XenVersion::V417,
        mediator: Mediator::Rust,
    };
    pub const UPSTREAM_RUST: Target = Target {
        xen: XenVersion::V422,
        mediator: Mediator::Rust,
    };
    pub const UPSTREAM_MULTI_AGENT: Target = Target {
        xen: XenVersion::V422,
        mediator: Mediator::RustMultiAgent,
    };
    pub const UPSTREAM_C: Target = Target {
        xen: XenVersion::V422,
        mediator: Mediator::C,
    };
    pub const UPSTREAM_C_UNPATCHED: Target = Target {
        xen: XenVersion::V422,
        mediator: Mediator::CUnpatched,
    };

    /// A short name for directories, logs and scenario suffixes:
    /// `4.17`, `4.22`, `4.22-c`, `4.22-c-unpatched`.
    pub fn name(self) -> &'static str {
        match (self.xen, self.mediator) {
            (XenVersion::V417, _) => "4.17",
            (XenVersion::V422, Mediator::Rust) => "4.22",
            (XenVersion::V422, Mediator::RustMultiAgent) => "4.22-ma",
            (XenVersion::V422, Mediator::C) => "4.22-c",
            (XenVersion::V422, Mediator::CUnpatched) => "4.22-c-unpatched",
        }
    }

    /// The version string Xen prints at boot ("Xen version 4.17").
    pub fn version_line(self) -> &'static str {
        match self.xen {
            XenVersion::V417 => "Xen version 4.17",
            XenVersion::V422 => "Xen version 4.22",
        }
    }

    /// Takes `--xen V` and `--mediator M` out of `args`; returns the
    /// target and the remaining arguments.
    pub fn from_args(args: &[String]) -> Result<(Target, Vec<String>)> {
        let mut xen = None;
        let mut mediator = None;
        let mut rest = Vec::new();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--xen" => xen = Some(it.next().context("--xen needs 4.17 or 4.22")?.as_str()),
                "--mediator" => {
                    mediator = Some(
                        it.next()
                            .context("--mediator needs rust, rust-multi-agent, c or c-unpatched")?
                            .as_str(),
                    )
                }
                _ => rest.push(arg.clone()),
            }
        }
        let xen = match xen {
            None | Some("4.17") => XenVersion::V417,
            Some("4.22") => XenVersion::V422,
            Some(other) => bail!("--xen {other}: the Xen bases are 4.17 and 4.22"),
        };
        let mediator = match mediator {
            None | Some("rust") => Mediator::Rust,
            Some("rust-multi-agent") => Mediator::RustMultiAgent,
            Some("c") => Mediator::C,
            Some("c-unpatched") => Mediator::CUnpatched,
            Some(other) => bail!(
                "--mediator {other}: the mediators are rust, rust-multi-agent, c and c-unpatched"
            ),
        };
        if xen == XenVersion::V417 && mediator != Mediator::Rust {
            bail!("on Xen 4.17 the mediator is `rust` (no C mediator, no multi-agent ABI)");
        }
        Ok((Target { xen, mediator }, rest))
    }
}
