//! The git operations behind the series, in a scratch repository.
//!
//! Commits made here take the author of the project's own git
//! configuration and the date of the commit before them, so the same
//! inputs give byte-identical patches.

use crate::util::{output, project_root, run};
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    // Name the repository explicitly: the scratch tree sits inside the
    // project's checkout, and a half-removed tree must never let a command
    // fall through to the project's own repository.
    cmd.current_dir(dir)
        .env("GIT_DIR", dir.join(".git"))
        .env("GIT_WORK_TREE", dir)
        .args(["-c", "core.autocrlf=false", "-c", "gc.auto=0"])
        // Not the user's hooks or templates: this is a scratch tree.
        .env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}

/// The project's committer identity, for the commits made here.
fn identity() -> (String, String) {
    let get = |key: &str, fallback: &str| {
        output(
            Command::new("git")
                .current_dir(project_root())
                .args(["config", key]),
        )
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| fallback.to_string())
    };
    (
        get("user.name", "xtask series"),
        get("user.email", "xtask-series@localhost"),
    )
}

/// A git command with the identity set and both dates pinned to `date`.
fn pinned(dir: &Path, date: &str) -> Command {
    let (name, email) = identity();
    let mut cmd = git(dir);
    cmd.env("GIT_AUTHOR_NAME", &name)
        .env("GIT_AUTHOR_EMAIL", &email)
        .env("GIT_COMMITTER_NAME", &name)
        .env("GIT_COMMITTER_EMAIL", &email)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date);
    cmd
}

/// Replaces `tree` with a copy of `base` committed as the tag `base`.
pub fn init_from(base: &Path, tree: &Path) -> Result<()> {
    if tree.exists() {
        fs::remove_dir_all(tree).with_context(|| format!("removing {}", tree.display()))?;
    }
    if let Some(parent) = tree.parent() {
        fs::create_dir_all(parent)?;
    }
    run(Command::new("cp").arg("-a").arg(base).arg(tree))?;
    // A base that is itself a checkout brings its own history: start clean.
    let _ = fs::remove_dir_all(tree.join(".git"));
    run(git(tree).args(["init", "-q"]))?;
    run(git(tree).args(["add", "-A", "-f", "."]))?;
    let date = "2000-01-01T00:00:00Z";
    run(pinned(tree, date).args(["commit", "-q", "--no-verify", "-m", "base"]))?;
    run(git(tree).args(["tag", "base"]))
}

/// Applies one mail-formatted patch as a commit.
pub fn am(tree: &Path, patch: &Path) -> Result<()> {
    let (name, email) = identity();
    run(git(tree)
        .env("GIT_COMMITTER_NAME", name)
        .env("GIT_COMMITTER_EMAIL", email)
        .args(["am", "-q", "--committer-date-is-author-date"])
        .arg(patch))
    .with_context(|| format!("git am {}", patch.display()))
}

fn head_date(tree: &Path) -> Result<String> {
    Ok(output(git(tree).args(["log", "-1", "--format=%aI"]))?
        .trim()
        .to_string())
}

/// Commits everything under `dir` with `message`.
pub fn commit_all(tree: &Path, dir: &str, message: &str) -> Result<()> {
    let date = head_date(tree)?;
    run(git(tree).args(["add", "-A", "--", dir]))?;
    run(pinned(tree, &date).args(["commit", "-q", "--no-verify", "-m", message]))
}

/// Folds everything under `dir` into the last commit, with `message`.
pub fn amend_all(tree: &Path, dir: &str, message: &str) -> Result<()> {
    let date = head_date(tree)?;
    run(git(tree).args(["add", "-A", "--", dir]))?;
    run(pinned(tree, &date).args([
        "commit",
        "-q",
        "--no-verify",
        "--amend",
        "--reset-author",
        "-m",
        message,
    ]))
}

/// The subject of the last commit.
pub fn head_subject(tree: &Path) -> Result<String> {
    Ok(output(git(tree).args(["log", "-1", "--format=%s"]))?
        .trim()
        .to_string())
}

/// Writes `base..HEAD` as numbered patches with a cover letter into `out`.
pub fn format_patch(tree: &Path, out: &Path) -> Result<()> {
    run(git(tree)
        .args([
            "format-patch",
            "-q",
            "--no-signature",
            "--cover-letter",
            "-o",
        ])
        .arg(out)
        .arg("base..HEAD"))
}

/// The paths the last commit of `dir` changed.
pub fn last_commit_paths(dir: &Path) -> Result<Vec<String>> {
    let out = output(git(dir).args(["diff", "--name-only", "HEAD~1", "HEAD"]))?;
    Ok(out.lines().map(str::to_owned).collect())
}
