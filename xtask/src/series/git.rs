//! The git operations behind the series, in a scratch repository.
//!
//! Commits made here take the author of the project's own git
//! configuration and the date of the commit before them, so the same
//! inputs give byte-identical patches.

use crate::util::{output, project_root, run};
use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
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

/// Applies one mail-formatted patch as a commit; what the patch says
/// below its `---` line (`git am` drops it) is kept as the commit's git
/// note, which `format_patch` writes back in the same place.
pub fn am(tree: &Path, patch: &Path) -> Result<()> {
    let (name, email) = identity();
    run(git(tree)
        .env("GIT_COMMITTER_NAME", &name)
        .env("GIT_COMMITTER_EMAIL", &email)
        .args(["am", "-q", "--committer-date-is-author-date"])
        .arg(patch))
    .with_context(|| format!("git am {}", patch.display()))?;
    let text = fs::read_to_string(patch)?;
    if let Some(notes) = notes(&text) {
        // A note is a commit of its own, with an author too: on a machine
        // with no git identity configured, git refuses it without one.
        run(git(tree)
            .env("GIT_AUTHOR_NAME", &name)
            .env("GIT_AUTHOR_EMAIL", &email)
            .env("GIT_COMMITTER_NAME", name)
            .env("GIT_COMMITTER_EMAIL", email)
            .args(["notes", "add", "-m", &notes]))?;
    }
    Ok(())
}

/// The text of a patch between its `---` line and the diffstat, if any.
fn notes(patch: &str) -> Option<String> {
    let (_, below) = patch.split_once("\n---\n")?;
    let notes: Vec<&str> = below
        .lines()
        .take_while(|l| !(l.starts_with(' ') && (l.contains(" | ") || l.contains(" changed"))))
        .take_while(|l| !l.starts_with("diff --git "))
        .collect();
    let notes = notes.join("\n").trim().to_string();
    (!notes.is_empty()).then_some(notes)
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

/// Folds `paths` into the last commit, keeping its message and author.
pub fn amend_paths(tree: &Path, paths: &[String]) -> Result<()> {
    let date = head_date(tree)?;
    run(git(tree).args(["add", "-f", "--"]).args(paths))?;
    run(pinned(tree, &date).args(["commit", "-q", "--no-verify", "--amend", "--no-edit"]))
}

/// The subject of the last commit.
pub fn head_subject(tree: &Path) -> Result<String> {
    Ok(output(git(tree).args(["log", "-1", "--format=%s"]))?
        .trim()
        .to_string())
}

/// Writes `base..HEAD` into `out` with each commit's notes below its
/// `---`: as numbered patches with a cover letter, or a lone commit as
/// one patch without. With `upstream`, the upstream commit the base tree
/// was archived from, each patch ends with `base-commit:` naming it (the
/// scratch tree's own base commit means nothing to a reviewer).
pub fn format_patch(
    tree: &Path,
    out: &Path,
    upstream: Option<&str>,
    prefix: Option<&str>,
) -> Result<Vec<PathBuf>> {
    let count = output(git(tree).args(["rev-list", "--count", "base..HEAD"]))?;
    let mut cmd = git(tree);
    cmd.args(["format-patch", "--no-signature", "--notes", "-o"])
        .arg(out);
    if let Some(prefix) = prefix {
        cmd.arg(format!("--subject-prefix={prefix}"));
    }
    if count.trim() != "1" {
        cmd.arg("--cover-letter");
    }
    if upstream.is_some() {
        cmd.arg("--base=base");
    }
    let files: Vec<PathBuf> = output(cmd.arg("base..HEAD"))?
        .lines()
        .map(PathBuf::from)
        .collect();
    if let Some(commit) = upstream {
        let scratch = output(git(tree).args(["rev-parse", "base"]))?;
        let from = format!("base-commit: {}", scratch.trim());
        for f in &files {
            let text = fs::read_to_string(f)?;
            fs::write(f, text.replace(&from, &format!("base-commit: {commit}")))?;
        }
    }
    Ok(files)
}

/// The paths the last commit of `dir` changed.
pub fn last_commit_paths(dir: &Path) -> Result<Vec<String>> {
    let out = output(git(dir).args(["diff", "--name-only", "HEAD~1", "HEAD"]))?;
    Ok(out.lines().map(str::to_owned).collect())
}

#[cfg(test)]
mod tests {
    use super::notes;

    #[test]
    fn notes_are_the_text_above_the_diffstat() {
        let patch = "Subject: x\n\nBody.\n---\nPlease backport.\n\n \
                     a/b.h | 2 +-\n 1 file changed, 1 insertion(+)\n\ndiff --git a/b.h\n";
        assert_eq!(notes(patch).as_deref(), Some("Please backport."));
        let bare = "Subject: x\n\nBody.\n---\n a/b.h | 2 +-\n 1 file changed\n";
        assert_eq!(notes(bare), None);
    }
}
