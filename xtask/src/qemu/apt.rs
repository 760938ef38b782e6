//! A project-private apt state for foreign-architecture Debian packages.
//!
//! Nothing here reads or writes the system's apt configuration: the sources
//! list, the package lists, the download cache and the (empty) dpkg status
//! all live in the project cache. apt itself checks the Release signature and
//! every package hash, so what we extract is what Debian signed.

use crate::util::{debian_version_cmp, output, run, step};
use anyhow::{bail, Context, Result};
use std::cmp::Ordering;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The combined keyring that Debian's `debian-archive-keyring` installs.
pub const SYSTEM_KEYRING: &str = "/usr/share/keyrings/debian-archive-keyring.gpg";

/// One Debian suite for one architecture, with its own apt state directory.
pub struct Repo {
    /// Directory holding this repository's private apt state.
    dir: PathBuf,
    suite: &'static str,
    arch: &'static str,
    keyring: PathBuf,
}

impl Repo {
    /// A repository whose state lives in `dir`, signed by a key in `keyring`.
    pub fn new(dir: PathBuf, suite: &'static str, arch: &'static str, keyring: PathBuf) -> Self {
        Repo {
            dir,
            suite,
            arch,
            keyring,
        }
    }

    /// Writes the sources list and the empty state files apt expects.
    fn prepare(&self) -> Result<()> {
        for sub in ["lists/partial", "cache/archives/partial", "debs", "root"] {
            fs::create_dir_all(self.dir.join(sub))
                .with_context(|| format!("cannot create {}", self.dir.join(sub).display()))?;
        }
        let line = format!(
            "deb [arch={} signed-by={}] http://deb.debian.org/debian {} main\n",
            self.arch,
            self.keyring.display(),
            self.suite
        );
        fs::write(self.dir.join("sources.list"), line)?;
        // An empty status file: apt must believe nothing is installed, so
        // that the host's own dpkg database never influences resolution.
        let status = self.dir.join("status");
        if !status.exists() {
            fs::write(&status, "")?;
        }
        Ok(())
    }

    /// The `-o` options that point apt at this private state.
    fn options(&self) -> Vec<String> {
        let d = self.dir.display();
        vec![
            format!("APT::Architecture={}", self.arch),
            format!("APT::Architectures={}", self.arch),
            format!("Dir::Etc::SourceList={d}/sources.list"),
            "Dir::Etc::SourceParts=/dev/null".into(),
            format!("Dir::State::Lists={d}/lists"),
            format!("Dir::Cache={d}/cache"),
            format!("Dir::State::Status={d}/status"),
            // AppStream metadata is of no use here and costs megabytes.
            "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false".into(),
            "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false".into(),
            "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false".into(),
            // apt drops to user _apt for downloads, who cannot write into a
            // root-owned cache directory; running as the caller avoids a
            // warning and changes nothing about verification.
            "APT::Sandbox::User=root".into(),
        ]
    }

    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        for opt in self.options() {
            cmd.arg("-o").arg(opt);
        }
        cmd
    }

    fn has_lists(&self) -> bool {
        fs::read_dir(self.dir.join("lists"))
            .map(|entries| {
                entries
                    .flatten()
                    .any(|e| e.file_name().to_string_lossy().contains("_Packages"))
            })
            .unwrap_or(false)
    }

    /// `apt-get update`; apt refuses lists whose signature does not verify.
    pub fn update(&self) -> Result<()> {
        self.prepare()?;
        step(&format!("apt update: Debian {} {}", self.suite, self.arch));
        let mut cmd = self.command("apt-get");
        cmd.args(["-q", "update"]);
        let out = cmd.output().context("cannot start apt-get")?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // apt-get update exits 0 even when a signature fails: read the text.
        let unsigned = text.contains("NO_PUBKEY") || text.contains("is not signed");
        if !out.status.success() || unsigned || !self.has_lists() {
            bail!(
                "apt-get update for Debian {} failed{}:\n{text}",
                self.suite,
                if unsigned {
                    " (signature not verifiable with the keyring)"
                } else {
                    ""
                }
            );
        }
        Ok(())
    }

    fn ensure_lists(&self) -> Result<()> {
        if self.has_lists() {
            return Ok(());
        }
        self.update()
    }

    /// The first package that `package` depends on and whose name starts
    /// with `prefix`: resolves a metapackage such as `linux-image-arm64`.
    pub fn dependency(&self, package: &str, prefix: &str) -> Result<String> {
        self.ensure_lists()?;
        let mut cmd = self.command("apt-cache");
        cmd.args(["depends", package]);
        let text = output(&mut cmd)?;
        text.lines()
            .filter_map(|l| l.trim().strip_prefix("Depends:"))
            .map(str::trim)
            .find(|name| name.starts_with(prefix))
            .map(str::to_owned)
            .with_context(|| format!("{package} has no dependency named {prefix}*:\n{text}"))
    }

    /// Downloads `package` (verified by apt) and unpacks it into its own
    /// directory, which is returned. Once unpacked, it is never fetched again.
    pub fn unpack(&self, package: &str) -> Result<PathBuf> {
        let root = self.dir.join("root").join(package);
        let stamp = root.join(".unpacked");
        if stamp.exists() {
            return Ok(root);
        }
        self.ensure_lists()?;
        let deb = match self.download(package) {
            Ok(deb) => deb,
            // The lists may name a version the mirror has since replaced.
            Err(_) => {
                self.update()?;
                self.download(package)?
            }
        };
        if root.exists() {
            fs::remove_dir_all(&root)?;
        }
        fs::create_dir_all(&root)?;
        run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&root))?;
        fs::write(
            &stamp,
            deb.file_name().unwrap_or_default().as_encoded_bytes(),
        )?;
        Ok(root)
    }

    fn download(&self, package: &str) -> Result<PathBuf> {
        let debs = self.dir.join("debs");
        step(&format!("apt download: {package} ({})", self.arch));
        let mut cmd = self.command("apt-get");
        cmd.current_dir(&debs).args(["-q", "download", package]);
        run(&mut cmd)?;
        find_deb(&debs, package)
    }
}

/// The newest `.deb` of `package` in `dir` (apt names them
/// `<name>_<version>_<arch>.deb`). Versions are read from each package's
/// control data and compared as Debian versions, not as file names.
fn find_deb(dir: &Path, package: &str) -> Result<PathBuf> {
    let prefix = format!("{package}_");
    let mut newest: Option<(PathBuf, String)> = None;
    for path in fs::read_dir(dir)?.flatten().map(|e| e.path()) {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if !(name.starts_with(&prefix) && name.ends_with(".deb")) {
            continue;
        }
        let version = output(Command::new("dpkg-deb").arg("-f").arg(&path).arg("Version"))?
            .trim()
            .to_owned();
        let newer = match &newest {
            None => true,
            Some((_, best)) => debian_version_cmp(&version, best)? == Ordering::Greater,
        };
        if newer {
            newest = Some((path, version));
        }
    }
    newest.map(|(path, _)| path).with_context(|| {
        format!(
            "apt-get download left no {prefix}*.deb in {}",
            dir.display()
        )
    })
}
