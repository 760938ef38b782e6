//! `cargo xtask size` on 4.22: the Rust mediator against upstream's C one,
//! section by section, as each is linked into its own build of the same
//! tree with the same compiler. Boot-only parts (`.init.*`, freed by Xen
//! after boot) are counted apart from what stays resident.

use crate::target::Target;
use anyhow::{Context, Result};
use object::{Object, ObjectSection};
use std::fs;
use std::path::Path;

/// The columns, in order; [`column`] gives each section its index.
pub const COLUMNS: [&str; 6] = [
    "text",
    ".init.text",
    "rodata",
    ".init.rodata",
    "data",
    "eh_frame",
];
pub const TEXT: usize = 0;
pub const INIT_TEXT: usize = 1;
pub const RODATA: usize = 2;
pub const INIT_RODATA: usize = 3;
pub const DATA: usize = 4;
pub const EH_FRAME: usize = 5;

/// Bytes per column of one object (or part of one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SectionSizes(pub [u64; 6]);

impl SectionSizes {
    /// Everything Xen keeps after boot.
    pub fn resident(&self) -> u64 {
        self.0[TEXT] + self.0[RODATA] + self.0[DATA] + self.0[EH_FRAME]
    }
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }
    /// Column by column, `self` without `part` (a part of it).
    pub fn without(&self, part: &SectionSizes) -> SectionSizes {
        SectionSizes(std::array::from_fn(|i| self.0[i].saturating_sub(part.0[i])))
    }
}

/// The column of a section, or `None` for sections that take no room in
/// the image (symbols, relocations, notes, debug info). The one rule every
/// size the xtask prints goes by.
pub fn column(name: &str) -> Option<usize> {
    if name.starts_with(".init.text") || name.starts_with(".text.init") {
        Some(INIT_TEXT)
    } else if name.starts_with(".init.") {
        // .init.rodata, .init.data, .init.setup: freed after boot.
        Some(INIT_RODATA)
    } else if name.starts_with(".text") {
        Some(TEXT)
    } else if name.starts_with(".rodata") || name == ".dev.info" {
        Some(RODATA)
    } else if name.starts_with(".data") || name.starts_with(".bss") {
        Some(DATA)
    } else if name == ".eh_frame" {
        Some(EH_FRAME)
    } else {
        None
    }
}

/// Sizes of a parsed relocatable object.
pub fn of_elf(obj: &object::File) -> Result<SectionSizes> {
    let mut sizes = SectionSizes::default();
    for section in obj.sections() {
        if let Some(col) = column(section.name()?) {
            sizes.0[col] += section.size();
        }
    }
    Ok(sizes)
}

/// Sizes of one relocatable object.
pub fn of_object(path: &Path) -> Result<SectionSizes> {
    let data = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    of_elf(&object::File::parse(&*data)?)
}

/// Builds both mediators in the 4.22 tree and prints them side by side.
pub fn compare_upstream() -> Result<()> {
    let rust = crate::xen::build(Target::UPSTREAM_RUST)?;
    let c = crate::xen::build(Target::UPSTREAM_C)?;
    let rust_sizes = of_object(&rust.rust_object())?;
    let c_sizes = of_object(&c.c_mediator_object())?;
    print!(
        "{}",
        table(&[
            ("C scmi-smc.o", c_sizes),
            ("Rust scmi-smc-rs.o", rust_sizes)
        ])
    );
    Ok(())
}

/// The side-by-side table, with the ratios to the first row.
pub fn table(rows: &[(&str, SectionSizes)]) -> String {
    let mut out = String::from("mediator sizes in Xen 4.22, same tree and compiler (bytes):\n");
    out.push_str(&columns(rows));
    if let [(_, first), rest @ ..] = rows {
        for (name, s) in rest {
            out.push_str(&format!(
                "  {name}: resident {:.2}x, total {:.2}x the first row's\n",
                s.resident() as f64 / first.resident().max(1) as f64,
                s.total() as f64 / first.total().max(1) as f64
            ));
        }
    }
    out.push_str(RESIDENT_NOTE);
    out
}

/// What "resident" means, under every table of these columns.
pub const RESIDENT_NOTE: &str =
    "  resident: everything outside .init.* (kept after boot); .init.setup counts as .init.rodata\n";

/// The header line and one line per row, in [`COLUMNS`] order.
pub fn columns(rows: &[(&str, SectionSizes)]) -> String {
    let mut out = format!("  {:<20}", "object");
    for c in COLUMNS {
        out.push_str(&format!(" {c:>12}"));
    }
    out.push_str(&format!(" {:>9} {:>7}\n", "resident", "total"));
    for (name, s) in rows {
        out.push_str(&format!("  {name:<20}"));
        for v in s.0 {
            out.push_str(&format!(" {v:>12}"));
        }
        out.push_str(&format!(" {:>9} {:>7}\n", s.resident(), s.total()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_fall_in_their_columns() {
        assert_eq!(column(".text.scmi_handle_smc"), Some(TEXT));
        assert_eq!(column(".init.text"), Some(INIT_TEXT));
        assert_eq!(column(".rodata.str1.1"), Some(RODATA));
        assert_eq!(column(".dev.info"), Some(RODATA));
        assert_eq!(column(".init.rodata.str1.1"), Some(INIT_RODATA));
        assert_eq!(column(".init.setup"), Some(INIT_RODATA));
        assert_eq!(column(".data.ro_after_init"), Some(DATA));
        assert_eq!(column(".bss"), Some(DATA));
        assert_eq!(column(".eh_frame"), Some(EH_FRAME));
        assert_eq!(column(".rela.text"), None);
        assert_eq!(column(".debug_info"), None);
    }

    #[test]
    fn a_part_is_taken_out_column_by_column() {
        let whole = SectionSizes([100, 50, 30, 20, 8, 0]);
        let part = SectionSizes([40, 10, 0, 0, 0, 0]);
        assert_eq!(whole.without(&part), SectionSizes([60, 40, 30, 20, 8, 0]));
        assert_eq!(whole.without(&part).total() + part.total(), whole.total());
    }
}
