//! `cargo xtask size` on 4.22: the Rust mediator against upstream's C one,
//! section by section, as each is linked into its own build of the same
//! tree with the same compiler. Boot-only parts (`.init.*`, freed by Xen
//! after boot) are counted apart from what stays resident.

use crate::target::Target;
use anyhow::{Context, Result};
use object::{Object, ObjectSection};
use std::fs;
use std::path::Path;

/// The columns, in order.
pub const COLUMNS: [&str; 6] = [
    "text",
    ".init.text",
    "rodata",
    ".init.rodata",
    "data",
    "eh_frame",
];

/// Bytes per column of one object.
#[derive(Clone, Copy, Debug, Default)]
pub struct SectionSizes(pub [u64; 6]);

impl SectionSizes {
    /// Everything Xen keeps after boot.
    pub fn resident(&self) -> u64 {
        self.0[0] + self.0[2] + self.0[4] + self.0[5]
    }
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }
}

/// The column of a section, or `None` for sections that take no room in
/// the image (symbols, relocations, notes, debug info).
fn column(name: &str) -> Option<usize> {
    if name.starts_with(".init.text") || name.starts_with(".text.init") {
        Some(1)
    } else if name.starts_with(".init.") {
        // .init.rodata, .init.data, .init.setup: freed after boot.
        Some(3)
    } else if name.starts_with(".text") {
        Some(0)
    } else if name.starts_with(".rodata") || name == ".dev.info" {
        Some(2)
    } else if name.starts_with(".data") || name.starts_with(".bss") {
        Some(4)
    } else if name == ".eh_frame" {
        Some(5)
    } else {
        None
    }
}

/// Sizes of one relocatable object.
pub fn of_object(path: &Path) -> Result<SectionSizes> {
    let data = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let obj = object::File::parse(&*data)?;
    let mut sizes = SectionSizes::default();
    for section in obj.sections() {
        if let Some(col) = column(section.name()?) {
            sizes.0[col] += section.size();
        }
    }
    Ok(sizes)
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
    out.push_str(&format!("  {:<20}", "object"));
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
    if let [(_, first), rest @ ..] = rows {
        for (name, s) in rest {
            out.push_str(&format!(
                "  {name}: resident {:.2}x, total {:.2}x the first row's\n",
                s.resident() as f64 / first.resident().max(1) as f64,
                s.total() as f64 / first.total().max(1) as f64
            ));
        }
    }
    out.push_str("  resident: everything outside .init.* (kept after boot); .init.setup counts as .init.rodata\n");
    out
}

#[cfg(test)]
mod tests {
    use super::column;

    #[test]
    fn sections_fall_in_their_columns() {
        assert_eq!(column(".text.scmi_handle_smc"), Some(0));
        assert_eq!(column(".init.text"), Some(1));
        assert_eq!(column(".rodata.str1.1"), Some(2));
        assert_eq!(column(".dev.info"), Some(2));
        assert_eq!(column(".init.rodata.str1.1"), Some(3));
        assert_eq!(column(".init.setup"), Some(3));
        assert_eq!(column(".data.ro_after_init"), Some(4));
        assert_eq!(column(".bss"), Some(4));
        assert_eq!(column(".eh_frame"), Some(5));
        assert_eq!(column(".rela.text"), None);
        assert_eq!(column(".debug_info"), None);
    }
}
