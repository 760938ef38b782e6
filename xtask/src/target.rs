//! Which Xen is built, and with which SCMI-SMC mediator: the `--xen` and
//! `--mediator` options of `xen`, `qemu`, `size` and `check-build`
//! (`bench`, `series` and `tools` take `--xen` alone).

use anyhow::{bail, Result};

/// The Xen base.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum XenVersion {
    /// Debian bookworm's 4.17.5 with our backport of the SCI layer.
    #[value(name = "4.17")]
    V417,
    /// Upstream 4.22.0, which has the SCI layer and a C mediator.
    #[value(name = "4.22")]
    V422,
}

/// The mediator linked into that Xen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Mediator {
    /// Ours, in Rust.
    Rust,
    /// Ours, the multi-agent mediator (`CONFIG_SCMI_SMC_RS_MA`, its own
    /// entry of the SCI driver choice; 4.22 only: its ABI has the agent id).
    RustMultiAgent,
    /// Upstream's C `scmi-smc.c`, with our fixes for 4.22 applied.
    C,
    /// Upstream's C mediator in the unmodified 4.22.0 tree: the reference
    /// for the SMCCC regression.
    CUnpatched,
}

impl Mediator {
    /// Whether a Rust mediator is built in (single- or multi-agent).
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
}

/// `--xen V` and `--mediator M`, for the commands that build one Xen.
#[derive(Clone, Copy, Debug, clap::Args)]
pub struct TargetArgs {
    /// The Xen base
    #[arg(long, value_name = "VERSION", default_value = "4.17")]
    pub xen: XenVersion,
    /// The SCMI-SMC mediator linked into it (on 4.17 only `rust`)
    #[arg(long, value_name = "MEDIATOR", default_value = "rust")]
    pub mediator: Mediator,
}

impl TargetArgs {
    /// The build these options name, if Xen has it.
    pub fn target(self) -> Result<Target> {
        if self.xen == XenVersion::V417 && self.mediator != Mediator::Rust {
            bail!("on Xen 4.17 the mediator is `rust` (no C mediator, no multi-agent ABI)");
        }
        Ok(Target {
            xen: self.xen,
            mediator: self.mediator,
        })
    }
}
