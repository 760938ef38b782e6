//! A minimal initramfs: the kernel's "newc" cpio format, written directly so
//! that device nodes can be included without root rights or a staging tree.
//!
//! Contents: busybox as /bin/busybox, /bin/sh pointing at it, /dev/console
//! (so the kernel has a console before devtmpfs is mounted), empty mount
//! points and the scenario's /init script. The script installs the other
//! busybox applets itself at run time (`busybox --install -s`), since the
//! host cannot run the arm64 binary to ask for its applet list.

use crate::tools::File;
use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

const S_IFDIR: u32 = 0o040_000;
const S_IFREG: u32 = 0o100_000;
const S_IFLNK: u32 = 0o120_000;
const S_IFCHR: u32 = 0o020_000;

/// Builds an uncompressed newc archive in memory.
#[derive(Default)]
pub struct Cpio {
    data: Vec<u8>,
    next_ino: u32,
}

impl Cpio {
    fn entry(&mut self, name: &str, mode: u32, rdev: (u32, u32), body: &[u8]) {
        self.next_ino += 1;
        let nlink = if mode & S_IFDIR == S_IFDIR { 2 } else { 1 };
        let name_size = name.len() + 1;
        let fields = [
            self.next_ino,
            mode,
            0, // uid
            0, // gid
            nlink,
            0, // mtime: fixed, so the archive is reproducible
            body.len() as u32,
            0, // dev major
            0, // dev minor
            rdev.0,
            rdev.1,
            name_size as u32,
            0, // check (only used by the "crc" variant)
        ];
        self.data.extend_from_slice(b"070701");
        for field in fields {
            self.data
                .extend_from_slice(format!("{field:08x}").as_bytes());
        }
        self.data.extend_from_slice(name.as_bytes());
        self.data.push(0);
        self.pad();
        self.data.extend_from_slice(body);
        self.pad();
    }

    /// Header plus name, and the file data, each end on a 4-byte boundary.
    fn pad(&mut self) {
        self.data.resize(self.data.len().next_multiple_of(4), 0);
    }

    pub fn dir(&mut self, name: &str) {
        self.entry(name, S_IFDIR | 0o755, (0, 0), &[]);
    }

    pub fn file(&mut self, name: &str, mode: u32, body: &[u8]) {
        self.entry(name, S_IFREG | mode, (0, 0), body);
    }

    pub fn symlink(&mut self, name: &str, target: &str) {
        self.entry(name, S_IFLNK | 0o777, (0, 0), target.as_bytes());
    }

    pub fn char_dev(&mut self, name: &str, mode: u32, major: u32, minor: u32) {
        self.entry(name, S_IFCHR | mode, (major, minor), &[]);
    }

    /// Appends the end marker and returns the archive.
    pub fn finish(mut self) -> Vec<u8> {
        self.entry("TRAILER!!!", 0, (0, 0), &[]);
        // Pad to 512 bytes like the cpio tool does; the kernel accepts either.
        self.data.resize(self.data.len().next_multiple_of(512), 0);
        self.data
    }
}

/// Directories every initramfs has (mount points, applet links).
const BASE_DIRS: &[&str] = &[
    "bin", "dev", "proc", "sys", "tmp", "sbin", "usr", "usr/bin", "usr/sbin",
];

/// Writes an initramfs with busybox and `init_script` as /init to `out`.
pub fn build(busybox: &Path, init_script: &str, out: &Path) -> Result<()> {
    build_with(busybox, init_script, &[], out)
}

/// The same, plus `extra` files (e.g. the Xen tools), with their parent
/// directories.
pub fn build_with(busybox: &Path, init_script: &str, extra: &[File], out: &Path) -> Result<()> {
    let busybox_bytes =
        fs::read(busybox).with_context(|| format!("cannot read {}", busybox.display()))?;
    let mut cpio = Cpio::default();
    for dir in BASE_DIRS {
        cpio.dir(dir);
    }
    cpio.char_dev("dev/console", 0o600, 5, 1);
    cpio.file("bin/busybox", 0o755, &busybox_bytes);
    cpio.symlink("bin/sh", "busybox");
    cpio.file("init", 0o755, init_script.as_bytes());
    let mut made: BTreeSet<&str> = BASE_DIRS.iter().copied().collect();
    for file in extra {
        // Parents first: the kernel's unpacker does not create them.
        let mut at = 0;
        while let Some(slash) = file.path[at..].find('/') {
            let dir = &file.path[..at + slash];
            if made.insert(dir) {
                cpio.dir(dir);
            }
            at += slash + 1;
        }
        cpio.file(&file.path, file.mode, &file.data);
    }
    if let Some(parent) = out.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(out, cpio.finish()).with_context(|| format!("cannot write {}", out.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_aligned_and_terminated() {
        let mut cpio = Cpio::default();
        cpio.file("a", 0o644, b"xyz");
        let data = cpio.finish();
        assert!(data.starts_with(b"070701"));
        // 110-byte header + "a\0" = 112, then 3 data bytes padded to 4.
        assert_eq!(&data[110..112], b"a\0");
        assert_eq!(&data[112..115], b"xyz");
        assert_eq!(&data[116..122], b"070701");
        let trailer = b"TRAILER!!!\0";
        assert_eq!(&data[116 + 110..116 + 110 + trailer.len()], trailer);
        assert_eq!(data.len() % 512, 0);
    }
}
