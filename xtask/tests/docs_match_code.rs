//! The documentation (README.md and docs/*.md) against the code it
//! describes:
//!
//! - every patch it cites exists in `patches/xen-*` (a bare number, such
//!   as `0004`, in the series named nearest to it), and a patch table
//!   (rows `| 0004 | ...`) has a row for every patch of its series, each
//!   opening with the patch's own subject prefix;
//! - every scenario `cargo xtask qemu list` names has its row in the
//!   README's scenario table, with each variant it runs as, and every row
//!   names a scenario that exists;
//! - every mediator line it quotes (`SCMI: ...`) is one the mediator can
//!   print, from the `printk` formats in `scmi_smc/src/log.rs`.
//!
//! Nothing here builds Xen or boots QEMU.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's top directory (xtask's parent).
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// A markdown file: its path relative to the top, and its text.
struct Doc {
    name: String,
    text: String,
}

/// README.md and every docs/*.md, in a stable order.
fn docs() -> Vec<Doc> {
    let root = root();
    let mut names = vec!["README.md".to_string()];
    let mut in_docs: Vec<String> = fs::read_dir(root.join("docs"))
        .expect("reading docs/")
        .map(|e| {
            e.expect("reading docs/")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/{n}"))
        .collect();
    in_docs.sort();
    names.extend(in_docs);
    names
        .into_iter()
        .map(|name| Doc {
            text: read(&root.join(&name)),
            name,
        })
        .collect()
}

/// The 1-based line of byte offset `at` in `text`, for messages.
fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

// ---------------------------------------------------------------------
// Patches

/// One patch series directory, `patches/xen-<version>`.
struct Series {
    /// As the docs write it: `patches/xen-4.22`.
    dir: String,
    /// Its patch files' names.
    files: Vec<String>,
}

impl Series {
    /// The file whose name is `number` (four digits) and a dash.
    fn numbered(&self, number: &str) -> Option<&str> {
        let prefix = format!("{number}-");
        self.files
            .iter()
            .find(|f| f.starts_with(&prefix))
            .map(String::as_str)
    }

    /// The patch's subject, without its `[PATCH n/m]` tag, folded onto
    /// one line.
    fn subject(&self, file: &str) -> String {
        let text = read(&root().join(&self.dir).join(file));
        let mut lines = text.lines().skip_while(|l| !l.starts_with("Subject: "));
        let mut subject = lines
            .next()
            .map(|l| l["Subject: ".len()..].to_string())
            .unwrap_or_default();
        for more in lines.take_while(|l| l.starts_with(' ')) {
            subject.push_str(more);
        }
        match subject.strip_prefix("[PATCH") {
            Some(rest) => rest.split_once("] ").map_or(rest, |(_, s)| s).to_string(),
            None => subject,
        }
    }
}

fn all_series() -> Vec<Series> {
    let patches = root().join("patches");
    let mut out: Vec<Series> = fs::read_dir(&patches)
        .expect("reading patches/")
        .map(|e| e.expect("reading patches/"))
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let mut files: Vec<String> = fs::read_dir(e.path())
                .expect("reading a series directory")
                .map(|f| f.expect("reading a series directory").file_name())
                .map(|f| f.to_string_lossy().into_owned())
                .filter(|f| f.ends_with(".patch"))
                .collect();
            files.sort();
            Series {
                dir: format!("patches/{}", e.file_name().to_string_lossy()),
                files,
            }
        })
        .collect();
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    out
}

/// Characters that continue a patch file name after its number.
fn in_file_name(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// A place where a doc names a series directory, and what follows it.
struct DirMention {
    at: usize,
    /// `patches/xen-4.22`, as written (it may not exist).
    dir: String,
    /// What follows a `/` after it: `0004` or `0004-xen-...patch`.
    file: Option<String>,
}

fn dir_mentions(text: &str) -> Vec<DirMention> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("patches/xen-") {
        let rest = &text[at + "patches/xen-".len()..];
        let version_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let version = rest[..version_len].trim_end_matches('.');
        if version.is_empty() {
            continue;
        }
        let dir = format!("patches/xen-{version}");
        let after = &rest[version.len()..];
        let file = after.strip_prefix('/').and_then(|f| {
            let len = f.find(|c| !in_file_name(c)).unwrap_or(f.len());
            let name = f[..len].trim_end_matches(['.', '-']);
            let numbered = name.len() >= 4 && name[..4].bytes().all(|b| b.is_ascii_digit());
            numbered.then(|| name.to_string())
        });
        out.push(DirMention { at, dir, file });
    }
    out
}

/// Byte ranges of the paragraphs of `text` (blocks between blank lines).
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some(at),
            (true, Some(s)) => {
                out.push((s, at));
                start = None;
            }
            _ => {}
        }
        at += line.len();
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Four-digit patch numbers standing alone (`0004`, `0011-0016`), not
/// inside a longer word or number (`0x82000002`) or a path.
fn bare_numbers(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let word = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let candidate = &bytes[i..i + 4];
        let starts = i == 0 || !(word(i - 1) || matches!(bytes[i - 1], b'/' | b'.' | b'_'));
        if starts
            && candidate.starts_with(b"00")
            && candidate.iter().all(u8::is_ascii_digit)
            && !word(i + 4)
        {
            out.push((i, &text[i..i + 4]));
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

/// The series a bare number at `at` refers to: the one named nearest to
/// it in its paragraph, else the last one named before the paragraph.
fn series_for<'a>(
    mentions: &'a [DirMention],
    paragraphs: &[(usize, usize)],
    at: usize,
) -> Option<&'a str> {
    let &(start, end) = paragraphs.iter().find(|(s, e)| (*s..*e).contains(&at))?;
    let nearest = mentions
        .iter()
        .filter(|m| (start..end).contains(&m.at))
        .min_by_key(|m| m.at.abs_diff(at));
    nearest
        .or_else(|| mentions.iter().rev().find(|m| m.at < start))
        .map(|m| m.dir.as_str())
}

#[test]
fn every_patch_the_docs_cite_exists() {
    let series = all_series();
    assert!(
        series.iter().any(|s| !s.files.is_empty()),
        "no patch series under patches/"
    );
    let find = |dir: &str| series.iter().find(|s| s.dir == dir);
    let mut problems = Vec::new();
    for doc in docs() {
        let text = &doc.text;
        let mentions = dir_mentions(text);
        for m in &mentions {
            let place = format!("{}:{}", doc.name, line_of(text, m.at));
            let Some(s) = find(&m.dir) else {
                problems.push(format!("{place}: no directory {}", m.dir));
                continue;
            };
            let Some(file) = &m.file else { continue };
            let found = if file.ends_with(".patch") {
                s.files.contains(file)
            } else if file.len() == 4 {
                s.numbered(file).is_some()
            } else {
                s.files.iter().any(|f| f.starts_with(file.as_str()))
            };
            if !found {
                problems.push(format!("{place}: no patch {}/{file}", m.dir));
            }
        }
        let paragraphs = paragraphs(text);
        // The series that have a patch table in this doc, with its rows.
        let mut tables: Vec<(&str, Vec<&str>)> = Vec::new();
        for (at, number) in bare_numbers(text) {
            let place = format!("{}:{}", doc.name, line_of(text, at));
            let Some(dir) = series_for(&mentions, &paragraphs, at) else {
                problems.push(format!(
                    "{place}: patch {number} of which series? name `patches/xen-...` in its paragraph"
                ));
                continue;
            };
            let Some(s) = find(dir) else { continue };
            let Some(file) = s.numbered(number) else {
                problems.push(format!("{place}: {dir} has no patch {number}"));
                continue;
            };
            // A patch table row, `| 0004 | `prefix`: ...`: the prefix must
            // start the patch's subject.
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line = text[line_start..].lines().next().unwrap_or("");
            if at == line_start + 2 && line.starts_with(&format!("| {number} |")) {
                match tables.iter_mut().find(|(d, _)| *d == dir) {
                    Some((_, rows)) => rows.push(number),
                    None => tables.push((dir, vec![number])),
                }
            }
            let row = format!("| {number} | `");
            if let Some(rest) = line.strip_prefix(&row) {
                let prefix = rest.split('`').next().unwrap_or("");
                let subject = s.subject(file);
                if !subject.starts_with(prefix) {
                    problems.push(format!(
                        "{place}: {dir}/{file} is \"{subject}\", not \"{prefix}...\""
                    ));
                }
            }
        }
        // A patch table lists every patch of its series.
        for (dir, rows) in &tables {
            let Some(s) = find(dir) else { continue };
            for file in &s.files {
                if !rows.iter().any(|n| file.starts_with(&format!("{n}-"))) {
                    problems.push(format!(
                        "{}: the table of {dir} has no row for {file}",
                        doc.name
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "patches the docs cite:\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------
// Scenarios

/// Every scenario name, as `cargo xtask qemu list` prints them (one a
/// line, the name first). Listing needs no set-up and no build of Xen.
fn scenario_names() -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["qemu", "list"])
        .current_dir(root())
        .output()
        .expect("running xtask qemu list");
    assert!(
        out.status.success(),
        "xtask qemu list failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    assert!(names.len() >= 10, "xtask qemu list printed only {names:?}");
    names
}

/// The README's scenario table: each row's first cell (the name in
/// backticks) and the whole row.
fn readme_scenario_rows(readme: &str) -> Vec<(String, String)> {
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("QEMU scenarios"))
        .expect("README.md has a `## QEMU scenarios` section");
    section
        .lines()
        .filter_map(|l| {
            let name = l.strip_prefix("| `")?.split('`').next()?;
            Some((name.to_string(), l.to_string()))
        })
        .collect()
}

#[test]
fn every_scenario_is_in_the_readme() {
    let names = scenario_names();
    let readme = read(&root().join("README.md"));
    let rows = readme_scenario_rows(&readme);
    let row = |name: &str| rows.iter().find(|(n, _)| n == name).map(|(_, r)| r);
    let mut problems = Vec::new();
    for name in &names {
        match name.split_once('@') {
            None if row(name).is_none() => problems.push(format!("`{name}` has no row")),
            None => {}
            // A variant has a row of its own, or is named in its
            // scenario's row as `@<build>`.
            Some((base, build)) => {
                let in_base_row = row(base).is_some_and(|r| r.contains(&format!("`@{build}`")));
                if row(name).is_none() && !in_base_row {
                    problems.push(format!(
                        "`{name}`: neither a row of its own nor `@{build}` in the row of `{base}`"
                    ));
                }
            }
        }
    }
    for (name, _) in &rows {
        if !names.contains(name) {
            problems.push(format!("the row `{name}` names no scenario"));
        }
    }
    assert!(
        problems.is_empty(),
        "README.md's scenario table against `cargo xtask qemu list`:\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------
// Log lines

/// Characters a conversion prints.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Class {
    /// A number (`%u`, `%lu`, `%ld`, `%lx`), or a placeholder a doc writes
    /// for one (`dN`, `agent A`).
    Word,
    /// The rest of a node's full name (`%s` right after `SCMI: `, which
    /// always starts with `/`).
    Name,
    /// Any other `%s`: a few words saying why (`no answer`, `DENIED`).
    Reason,
}

impl Class {
    fn has(self, c: char) -> bool {
        match self {
            Class::Word => c.is_ascii_alphanumeric() || c == '-',
            Class::Name => !c.is_whitespace(),
            Class::Reason => c != '\n',
        }
    }
}

/// One element of a line pattern.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Piece {
    Char(char),
    /// One character of the class.
    One(Class),
    /// Any number of characters of the class.
    Many(Class),
    /// Any text: what a doc leaves out.
    Any,
}

/// The mediator's lines, from the formats in scmi_smc/src/log.rs: each
/// `NAME: Family = "<level>SCMI: ...\n";`, its level markers dropped.
/// Returns each format and its pattern.
fn mediator_lines() -> Vec<(String, Vec<Piece>)> {
    let source = read(&root().join("scmi_smc/src/log.rs"));
    let mut out = Vec::new();
    for line in source.lines() {
        let line = line.trim();
        let Some((_, literal)) = line.split_once("= \"") else {
            continue;
        };
        let Some(literal) = literal.strip_suffix("\";") else {
            continue;
        };
        let mut text = literal
            .replace("\\n", "")
            .replace("\\\"", "\"")
            .replace("\\\\", "\\");
        while text.starts_with('<') {
            match text.find('>') {
                Some(end) => text = text[end + 1..].to_string(),
                None => break,
            }
        }
        if text.starts_with("SCMI: ") {
            out.push((text.clone(), printk_pattern(&text)));
        }
    }
    out
}

/// `%%` is a percent sign; `%s` right after `SCMI: ` a node's full name,
/// any other `%s` a reason in words; any other conversion (flags, width,
/// `l`, a letter) a number.
fn printk_pattern(format: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(Piece::Char(c));
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push(Piece::Char('%'));
            continue;
        }
        while chars
            .peek()
            .is_some_and(|c| matches!(c, '-' | '+' | ' ' | '#' | '0'..='9' | 'l'))
        {
            chars.next();
        }
        let after_prefix = out.len() == "SCMI: ".len();
        if chars.next() == Some('s') {
            if after_prefix {
                out.extend([Piece::Char('/'), Piece::Many(Class::Name)]);
            } else {
                out.extend([Piece::One(Class::Reason), Piece::Many(Class::Reason)]);
            }
        } else {
            out.extend([Piece::One(Class::Word), Piece::Many(Class::Word)]);
        }
    }
    out
}

/// A line as a doc quotes it: `...` stands for text left out, `<...>` for
/// a value (`<first pfn>`).
fn quote_pattern(quote: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = quote;
    while let Some(c) = rest.chars().next() {
        let skip = if rest.starts_with("...") {
            Some(3)
        } else if c == '…' {
            Some(c.len_utf8())
        } else if c == '<' {
            rest.find('>').map(|end| end + 1)
        } else {
            None
        };
        match skip {
            Some(len) => {
                out.push(Piece::Any);
                rest = &rest[len..];
            }
            None => {
                out.push(Piece::Char(c));
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// Whether some text matches both `format` (characters and classes) and
/// `quote` (characters and `Any`).
fn overlap(format: &[Piece], quote: &[Piece]) -> bool {
    let (a, b) = (format, quote);
    // can[i][j]: some text matches both the rest of a from i and the rest
    // of b from j. Each step takes a piece off one side or a character off
    // both.
    let mut can = vec![vec![false; b.len() + 1]; a.len() + 1];
    for i in (0..=a.len()).rev() {
        for j in (0..=b.len()).rev() {
            let next = |di: usize, dj: usize| can[i + di][j + dj];
            can[i][j] = match (a.get(i), b.get(j)) {
                (None, None) => true,
                (None, Some(Piece::Any)) => next(0, 1),
                (Some(Piece::Many(_)), None) => next(1, 0),
                (Some(_), None) => false,
                (Some(Piece::Char(x)), Some(Piece::Char(y))) => x == y && next(1, 1),
                (Some(Piece::One(k)), Some(Piece::Char(y))) => k.has(*y) && next(1, 1),
                (Some(Piece::Many(k)), Some(Piece::Char(y))) => {
                    next(1, 0) || (k.has(*y) && next(0, 1))
                }
                // The text left out holds a character, or ends.
                (Some(Piece::Char(_) | Piece::One(_)), Some(Piece::Any)) => {
                    next(1, 0) || next(0, 1)
                }
                (Some(Piece::Many(_)), Some(Piece::Any)) => next(1, 0) || next(0, 1),
                (None, Some(_))
                | (Some(Piece::Any), _)
                | (Some(_), Some(Piece::One(_) | Piece::Many(_))) => false,
            };
        }
    }
    can[0][0]
}

/// The mediator lines a doc quotes: code spans that start with `SCMI: `,
/// and lines of code blocks that start with `(XEN) SCMI: `. Returns the
/// line number and the quote.
fn quoted_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fenced = false;
    // A paragraph's lines, joined, so that a span may run across lines.
    let mut paragraph: Vec<(usize, &str)> = Vec::new();
    let flush = |paragraph: &mut Vec<(usize, &str)>, out: &mut Vec<(usize, String)>| {
        // Where each line starts in the joined text, for line numbers.
        let mut joined = String::new();
        let mut starts = Vec::new();
        for (number, line) in paragraph.iter() {
            if !joined.is_empty() {
                joined.push(' ');
            }
            starts.push((joined.len(), *number));
            joined.push_str(line.trim());
        }
        let mut at = 0;
        for (k, piece) in joined.split('`').enumerate() {
            if k % 2 == 1 && piece.starts_with("SCMI: ") {
                let number = starts
                    .iter()
                    .rev()
                    .find(|(start, _)| *start <= at)
                    .map_or(0, |(_, n)| *n);
                out.push((number, piece.to_string()));
            }
            at += piece.len() + 1;
        }
        paragraph.clear();
    };
    for (n, line) in text.lines().enumerate() {
        let number = n + 1;
        if line.trim_start().starts_with("```") {
            flush(&mut paragraph, &mut out);
            fenced = !fenced;
            continue;
        }
        if fenced {
            if let Some(quote) = line.trim().strip_prefix("(XEN) ") {
                if quote.starts_with("SCMI: ") {
                    out.push((number, quote.to_string()));
                }
            }
        } else if line.trim().is_empty() {
            flush(&mut paragraph, &mut out);
        } else {
            paragraph.push((number, line));
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

#[test]
fn every_quoted_mediator_line_is_printed_by_the_mediator() {
    let lines = mediator_lines();
    assert!(
        lines.len() >= 20,
        "found only {} formats in scmi_smc/src/log.rs",
        lines.len()
    );
    let mut problems = Vec::new();
    let mut quotes = 0;
    for doc in docs() {
        for (number, quote) in quoted_lines(&doc.text) {
            quotes += 1;
            let pattern = quote_pattern(&quote);
            if !lines.iter().any(|(_, format)| overlap(format, &pattern)) {
                problems.push(format!("{}:{number}: `{quote}`", doc.name));
            }
        }
    }
    assert!(quotes > 0, "no `SCMI: ` line quoted in the docs");
    assert!(
        problems.is_empty(),
        "lines the docs quote that no format in scmi_smc/src/log.rs prints:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_line_patterns_match_as_intended() {
    let format = printk_pattern("SCMI: d%u: SMC %#lx refused");
    for quote in [
        "SCMI: d2: SMC 0x82000002 refused",
        "SCMI: dN: SMC 0x... refused",
        "SCMI: d1: ...",
    ] {
        assert!(overlap(&format, &quote_pattern(quote)), "{quote}");
    }
    for quote in [
        "SCMI: d2: SMC 0x82000002 denied",
        "SCMI: d2 refused",
        "SCMI: ... allowed",
        "SCMI: d2: SMC 0x8200 0002 refused",
    ] {
        assert!(!overlap(&format, &quote_pattern(quote)), "{quote}");
    }
    let node = printk_pattern("SCMI: %s: no shmem");
    assert!(overlap(
        &node,
        &quote_pattern("SCMI: /firmware/scmi: no shmem")
    ));
    assert!(overlap(&node, &quote_pattern("SCMI: <node>: no shmem")));
    assert!(!overlap(&node, &quote_pattern("SCMI: passthrough: ...")));
    let reset = printk_pattern("SCMI: d%u: agent %lu reset");
    assert!(overlap(&reset, &quote_pattern("SCMI: dN: agent A reset")));
    assert!(!overlap(
        &reset,
        &quote_pattern("SCMI: dN: agent 2 was reset")
    ));
    let why = printk_pattern("SCMI: d%u: agent %lu not reset (%s), not reused");
    for quote in [
        "SCMI: d1: agent 2 not reset (no answer), not reused",
        "SCMI: d1: agent 2 not reset (HARDWARE_ERROR), not reused",
        "SCMI: dN: agent A not reset (<why>), not reused",
    ] {
        assert!(overlap(&why, &quote_pattern(quote)), "{quote}");
    }
    for quote in [
        "SCMI: d1: agent 2 not reset (), not reused",
        "SCMI: d1: agent 2 not reset (no answer), reused",
    ] {
        assert!(!overlap(&why, &quote_pattern(quote)), "{quote}");
    }
    let pfns = printk_pattern("SCMI: dom0 may map %#lx-%#lx");
    assert!(overlap(
        &pfns,
        &quote_pattern("SCMI: dom0 may map <first pfn>-<last pfn>")
    ));
    assert!(overlap(
        &printk_pattern("100%% done"),
        &quote_pattern("100% done")
    ));
}
