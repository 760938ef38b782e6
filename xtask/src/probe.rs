//! Builds the probe guest (`tests/probe-guest/`) into an arm64 Linux "Image"
//! that Xen boots as dom0 or as a dom0less domU, and proves on the linked
//! ELF what the guest relies on:
//!
//! - position independence: Xen loads the image at an address nobody can
//!   predict (dom0 is mapped 1:1 at a host address), so no relocation may
//!   depend on the link address. The guest is linked with `--emit-relocs`;
//!   every relocation left must be PC-relative (or a low-12-bit page offset,
//!   which a 4 KiB aligned load preserves), and there is no dynamic section;
//! - no panic or formatting paths (they would also bring absolute pointers);
//! - an Image header Xen 4.17 accepts, and an image (bss included) inside
//!   the first 2 MiB, below where Xen puts the DTB.
//!
//! [`build32`] builds the same guest for AArch32 (`armv7a-none-eabi`) as a
//! zImage that Xen boots as a 32-bit dom0less domU. It is linked at the
//! address Xen loads it to (the header's start field asks for it), so the
//! checks there are the header's fields against the ELF's symbols.

use crate::util::{project_root, run, step};
use anyhow::{bail, Context, Result};
use object::elf;
use object::{Object, ObjectSection, ObjectSymbol, RelocationFlags, SectionFlags};
use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// The guest's package and binary name.
const PACKAGE: &str = "probe-guest";
/// Its target: FP/SIMD are allowed (the guest enables them itself).
const TARGET: &str = "aarch64-unknown-none";
/// "ARM\x64", at offset 56 of an arm64 Image.
const IMAGE_MAGIC: u32 = 0x644d_5241;
/// Image flags: little-endian (bit 0 clear), 4 KiB pages (bits 1-2 = 1),
/// placement anywhere (bit 3).
const IMAGE_FLAGS: u64 = 0xa;
/// Xen 4.17 puts the DTB no lower than the image file rounded up to 2 MiB:
/// the whole image, bss included, must stay below that.
const MAX_IMAGE_SIZE: u64 = 2 << 20;

/// Relocation types that do not depend on where the image is loaded: PC
/// relative ones, and the low 12 bits of an address, which stay the same
/// for any 4 KiB aligned load address (Xen loads at 2 MiB + text_offset 0).
const POSITION_INDEPENDENT: &[u32] = &[
    elf::R_AARCH64_PREL64,
    elf::R_AARCH64_PREL32,
    elf::R_AARCH64_PREL16,
    elf::R_AARCH64_LD_PREL_LO19,
    elf::R_AARCH64_ADR_PREL_LO21,
    elf::R_AARCH64_ADR_PREL_PG_HI21,
    elf::R_AARCH64_ADR_PREL_PG_HI21_NC,
    elf::R_AARCH64_ADD_ABS_LO12_NC,
    elf::R_AARCH64_LDST8_ABS_LO12_NC,
    elf::R_AARCH64_LDST16_ABS_LO12_NC,
    elf::R_AARCH64_LDST32_ABS_LO12_NC,
    elf::R_AARCH64_LDST64_ABS_LO12_NC,
    elf::R_AARCH64_LDST128_ABS_LO12_NC,
    elf::R_AARCH64_TSTBR14,
    elf::R_AARCH64_CONDBR19,
    elf::R_AARCH64_JUMP26,
    elf::R_AARCH64_CALL26,
];

/// The AArch32 variant's target (soft-float, strict alignment).
pub const TARGET32: &str = "armv7a-none-eabi";
/// "zImage" magic at offset 0x24 of a 32-bit Arm Linux kernel, which is
/// how Xen tells a 32-bit kernel (and domain) from a 64-bit one.
const ZIMAGE_MAGIC: u32 = 0x016f_2818;
/// Where Xen loads the AArch32 probe: GUEST_RAM0_BASE, the first RAM
/// address of a dom0less domU (`link/probe32.ld`).
const LOAD_ADDRESS32: u32 = 0x4000_0000;

/// `cargo build --release` of the guest for `target`; the ELF's path.
fn cargo_build(target: &str) -> Result<PathBuf> {
    step(&format!("building {PACKAGE} for {target}"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(cargo).current_dir(project_root()).args([
        "build",
        "--release",
        "--package",
        PACKAGE,
        "--bin",
        PACKAGE,
        "--target",
        target,
    ]))?;
    Ok(target_dir().join(target).join("release").join(PACKAGE))
}

/// Builds the AArch32 guest, checks it, and returns the path of its zImage.
pub fn build32() -> Result<PathBuf> {
    let elf_path = cargo_build(TARGET32)?;
    let elf_data =
        fs::read(&elf_path).with_context(|| format!("reading {}", elf_path.display()))?;
    let file = object::File::parse(&*elf_data)
        .with_context(|| format!("parsing {}", elf_path.display()))?;
    check_no_panic(&file)?;
    let symbol = |name: &str| -> Result<u64> {
        file.symbols()
            .find(|s| s.name() == Ok(name))
            .map(|s| s.address())
            .with_context(|| format!("no symbol {name} in {}", elf_path.display()))
    };
    let (start, end) = (symbol("probe_image_header")?, symbol("probe_image_end")?);

    let out_dir = target_dir().join("probe");
    fs::create_dir_all(&out_dir)?;
    let image = out_dir.join("probe-guest32.zImage");
    run(Command::new("aarch64-linux-gnu-objcopy")
        .args(["-O", "binary"])
        .arg(&elf_path)
        .arg(&image))?;
    let bytes = fs::read(&image).with_context(|| format!("reading {}", image.display()))?;
    check_zimage_header(&bytes, start)?;
    let size = end - start;
    if size > MAX_IMAGE_SIZE {
        bail!("the AArch32 probe is {size:#x} bytes with bss: more than 2 MiB");
    }
    println!(
        "probe: {} ({} bytes, {size} with bss): zImage loaded at {start:#x}, no panic paths",
        image.display(),
        bytes.len()
    );
    Ok(image)
}

/// Checks the zImage header of the AArch32 guest: the magic, the start
/// field naming the link address (`linked_at`), which Xen then loads it
/// to, and the end field covering the file exactly (Xen copies end -
/// start bytes and refuses a header claiming more than the file).
fn check_zimage_header(image: &[u8], linked_at: u64) -> Result<()> {
    let word = |at: usize| -> Result<u32> {
        let bytes = image
            .get(at..at + 4)
            .context("image shorter than its zImage header")?;
        Ok(u32::from_le_bytes(bytes.try_into()?))
    };
    if word(0x24)? != ZIMAGE_MAGIC {
        bail!("no zImage magic at offset 0x24");
    }
    let (start, end) = (word(0x28)?, word(0x2c)?);
    if start != LOAD_ADDRESS32 || u64::from(start) != linked_at {
        bail!(
            "zImage start {start:#x}: the guest is linked at {linked_at:#x},              Xen loads it at {LOAD_ADDRESS32:#x}"
        );
    }
    if u64::from(end.wrapping_sub(start)) != image.len() as u64 {
        bail!(
            "zImage end {end:#x} - start {start:#x} is not the file's length {:#x}",
            image.len()
        );
    }
    Ok(())
}

/// Builds the guest, checks it, and returns the path of its Image.
pub fn build() -> Result<PathBuf> {
    let elf_path = cargo_build(TARGET)?;
    let elf_data =
        fs::read(&elf_path).with_context(|| format!("reading {}", elf_path.display()))?;
    let file = object::File::parse(&*elf_data)
        .with_context(|| format!("parsing {}", elf_path.display()))?;
    check_position_independent(&file)?;
    check_no_panic(&file)?;

    let out_dir = target_dir().join("probe");
    fs::create_dir_all(&out_dir)?;
    let image = out_dir.join("probe-guest.Image");
    run(Command::new("aarch64-linux-gnu-objcopy")
        .args(["-O", "binary"])
        .arg(&elf_path)
        .arg(&image))?;
    let bytes = fs::read(&image).with_context(|| format!("reading {}", image.display()))?;
    let size = check_image_header(&bytes)?;
    println!(
        "probe: {} ({} bytes, {size} with bss): position independent, no panic paths",
        image.display(),
        bytes.len()
    );
    Ok(image)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("target"))
}

/// Fails unless every relocation kept by `--emit-relocs` in a loaded
/// section is position independent and nothing is left for a dynamic
/// loader (the guest has none).
fn check_position_independent(file: &object::File) -> Result<()> {
    if file
        .dynamic_relocations()
        .is_some_and(|mut relocations| relocations.next().is_some())
    {
        bail!("the probe guest has dynamic relocations: it would need a loader");
    }
    let mut kept = 0usize;
    let mut bad = Vec::new();
    for section in file.sections() {
        let name = section.name().unwrap_or("?").to_string();
        if matches!(section.kind(), object::SectionKind::Elf(elf::SHT_DYNAMIC))
            || name == ".dynamic"
            || name.starts_with(".got")
            || name.starts_with(".plt")
        {
            bail!("the probe guest has a {name} section: it holds absolute addresses");
        }
        let loaded = matches!(section.flags(), SectionFlags::Elf { sh_flags }
            if sh_flags & u64::from(elf::SHF_ALLOC) != 0);
        if !loaded {
            continue;
        }
        for (offset, relocation) in section.relocations() {
            kept += 1;
            let RelocationFlags::Elf { r_type } = relocation.flags() else {
                bail!("unexpected relocation kind in {name}");
            };
            if !is_position_independent(r_type) {
                bad.push(format!(
                    "{} at {offset:#x} in {name}, against {}",
                    relocation_name(r_type),
                    target_name(file, &relocation)
                ));
            }
        }
    }
    if kept == 0 {
        bail!("the probe guest ELF keeps no relocations: was it linked with --emit-relocs?");
    }
    if !bad.is_empty() {
        bail!(
            "the probe guest is not position independent (Xen loads it anywhere); \
             avoid pointers in static data (tables of &str, vtables):\n  {}",
            bad.join("\n  ")
        );
    }
    Ok(())
}

fn is_position_independent(r_type: u32) -> bool {
    POSITION_INDEPENDENT.contains(&r_type)
}

/// A readable name for the relocation types one meets when this fails.
fn relocation_name(r_type: u32) -> String {
    match r_type {
        elf::R_AARCH64_ABS64 => "R_AARCH64_ABS64".into(),
        elf::R_AARCH64_ABS32 => "R_AARCH64_ABS32".into(),
        elf::R_AARCH64_RELATIVE => "R_AARCH64_RELATIVE".into(),
        elf::R_AARCH64_ADR_GOT_PAGE => "R_AARCH64_ADR_GOT_PAGE".into(),
        elf::R_AARCH64_LD64_GOT_LO12_NC => "R_AARCH64_LD64_GOT_LO12_NC".into(),
        elf::R_AARCH64_MOVW_UABS_G0..=elf::R_AARCH64_MOVW_UABS_G3 => "R_AARCH64_MOVW_UABS_*".into(),
        other => format!("relocation type {other}"),
    }
}

fn target_name(file: &object::File, relocation: &object::Relocation) -> String {
    let object::RelocationTarget::Symbol(index) = relocation.target() else {
        return format!("{:?}", relocation.target());
    };
    let Ok(symbol) = file.symbol_by_index(index) else {
        return format!("symbol #{}", index.0);
    };
    match symbol.name() {
        Ok(name) if !name.is_empty() => demangle(name),
        // Section symbols have no name: say which section they stand for.
        _ => symbol
            .section_index()
            .and_then(|section| file.section_by_index(section).ok())
            .and_then(|section| section.name().ok().map(|name| format!("section {name}")))
            .unwrap_or_else(|| format!("symbol #{}", index.0)),
    }
}

fn demangle(name: &str) -> String {
    format!("{:#}", rustc_demangle::demangle(name))
}

/// Fails if a panic or formatting path was linked: the guest must never
/// reach one (and their data are tables of absolute pointers).
fn check_no_panic(file: &object::File) -> Result<()> {
    let found: Vec<String> = file
        .symbols()
        .filter_map(|symbol| symbol.name().ok().map(demangle))
        .filter(|name| {
            name.contains("rust_begin_unwind")
                || name.contains("core::panicking")
                || name.contains("core::fmt")
        })
        .collect();
    if !found.is_empty() {
        bail!(
            "the probe guest links panic or formatting code (use get, checked_*, ...): {}",
            found.join(", ")
        );
    }
    Ok(())
}

/// Checks the arm64 Image header (Linux Documentation/arm64/booting.rst)
/// and returns the image size it declares.
fn check_image_header(image: &[u8]) -> Result<u64> {
    let word = |at: usize| -> Result<u32> {
        let bytes = image
            .get(at..at + 4)
            .context("image shorter than its header")?;
        Ok(u32::from_le_bytes(bytes.try_into()?))
    };
    let quad = |at: usize| -> Result<u64> {
        let bytes = image
            .get(at..at + 8)
            .context("image shorter than its header")?;
        Ok(u64::from_le_bytes(bytes.try_into()?))
    };
    if word(56)? != IMAGE_MAGIC {
        bail!("no arm64 Image magic at offset 56");
    }
    // code0 must be an unconditional branch (B imm26): 0b000101 in the top bits.
    let code0 = word(0)?;
    if code0 >> 26 != 0b000101 {
        bail!("code0 {code0:#010x} is not a branch to the entry");
    }
    let text_offset = quad(8)?;
    if text_offset != 0 {
        bail!("text_offset is {text_offset:#x}; the guest expects 0");
    }
    let flags = quad(24)?;
    if flags != IMAGE_FLAGS {
        bail!("flags are {flags:#x}, expected {IMAGE_FLAGS:#x} (LE, 4K pages, anywhere)");
    }
    let size = quad(16)?;
    let file_len = image.len() as u64;
    if size < file_len || size > MAX_IMAGE_SIZE {
        bail!("image_size {size:#x} must cover the file ({file_len:#x}) and stay below 2 MiB");
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(code0: u32, size: u64, flags: u64, magic: u32) -> Vec<u8> {
        let mut image = vec![0u8; 64];
        image[0..4].copy_from_slice(&code0.to_le_bytes());
        image[16..24].copy_from_slice(&size.to_le_bytes());
        image[24..32].copy_from_slice(&flags.to_le_bytes());
        image[56..60].copy_from_slice(&magic.to_le_bytes());
        image
    }

    #[test]
    fn good_header() {
        let image = header(0x1400_0010, 0x8000, IMAGE_FLAGS, IMAGE_MAGIC);
        assert_eq!(check_image_header(&image).unwrap(), 0x8000);
    }

    #[test]
    fn bad_headers() {
        let bad = [
            header(0x1400_0010, 0x8000, IMAGE_FLAGS, 0),
            header(0xd503_201f, 0x8000, IMAGE_FLAGS, IMAGE_MAGIC),
            header(0x1400_0010, 0x8000, 0x2, IMAGE_MAGIC),
            header(0x1400_0010, 0x10, IMAGE_FLAGS, IMAGE_MAGIC),
            header(0x1400_0010, 4 << 20, IMAGE_FLAGS, IMAGE_MAGIC),
        ];
        for image in bad {
            assert!(check_image_header(&image).is_err());
        }
        assert!(check_image_header(&[0u8; 32]).is_err());
    }

    fn zimage(magic: u32, start: u32, end: u32, len: usize) -> Vec<u8> {
        let mut image = vec![0u8; len];
        image[0x24..0x28].copy_from_slice(&magic.to_le_bytes());
        image[0x28..0x2c].copy_from_slice(&start.to_le_bytes());
        image[0x2c..0x30].copy_from_slice(&end.to_le_bytes());
        image
    }

    #[test]
    fn zimage_headers() {
        let base = LOAD_ADDRESS32;
        let good = zimage(ZIMAGE_MAGIC, base, base + 0x100, 0x100);
        assert!(check_zimage_header(&good, u64::from(base)).is_ok());
        let bad = [
            (zimage(0, base, base + 0x100, 0x100), base),
            (zimage(ZIMAGE_MAGIC, 0, 0x100, 0x100), base),
            (
                zimage(ZIMAGE_MAGIC, base, base + 0x100, 0x100),
                base + 0x1000,
            ),
            (zimage(ZIMAGE_MAGIC, base, base + 0x200, 0x100), base),
            (zimage(ZIMAGE_MAGIC, base, base + 0x80, 0x100), base),
        ];
        for (image, linked_at) in bad {
            assert!(check_zimage_header(&image, u64::from(linked_at)).is_err());
        }
        assert!(check_zimage_header(&[0u8; 0x20], u64::from(base)).is_err());
    }

    #[test]
    fn absolute_relocations_are_refused() {
        assert!(is_position_independent(elf::R_AARCH64_ADR_PREL_PG_HI21));
        assert!(is_position_independent(elf::R_AARCH64_CALL26));
        assert!(!is_position_independent(elf::R_AARCH64_ABS64));
        assert!(!is_position_independent(elf::R_AARCH64_RELATIVE));
        assert!(!is_position_independent(elf::R_AARCH64_ADR_GOT_PAGE));
        assert!(!is_position_independent(elf::R_AARCH64_MOVW_UABS_G0));
    }
}
