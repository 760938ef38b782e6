//! Build checks on the real hypervisor: the mediator is linked and wired
//! into Xen's tables, it carries no formatting or panic machinery and no
//! FP/SIMD instruction, and how big it is.
//!
//! The Rust part is identified by the relocatable object Xen links
//! (`scmi-smc-rs.o`, the static library reduced to what the mediator
//! reaches); the checks then look at that code where it landed in
//! `xen-syms`.

use crate::disasm::disassemble;
use crate::sections::{self, SectionSizes};
use crate::xen::XenBuild;
use anyhow::{bail, Context, Result};
use object::{Object, ObjectSection, ObjectSymbol, SymbolKind};
use std::collections::BTreeMap;
use std::fs;

/// One function of the mediator as linked.
struct Function {
    name: String,
    addr: u64,
    size: u64,
}

/// Runs every check, printing one line per check; fails on the first
/// broken one with what is wrong.
pub fn check_build(build: &XenBuild) -> Result<()> {
    let syms_data = fs::read(build.syms())?;
    let syms = object::File::parse(&*syms_data).context("parsing xen-syms")?;
    let obj_data = fs::read(build.rust_object())?;
    let obj = object::File::parse(&*obj_data).context("parsing scmi-smc-rs.o")?;

    let by_name = symbol_table(&syms);
    let functions = mediator_functions(&obj, &by_name)?;
    println!(
        "check: {} mediator functions from scmi-smc-rs.o are linked into xen-syms",
        functions.len()
    );

    check_in_text(&by_name, &functions)?;
    check_resident_code(build, &by_name, &functions)?;
    check_device_entry(&syms, &by_name)?;
    // Each build registers the table of its mode, and links no other.
    let table = if by_name.contains_key(MULTI_AGENT_TABLE.0) {
        MULTI_AGENT_TABLE
    } else {
        SINGLE_AGENT_TABLE
    };
    check_ops_table(&syms, &by_name, table)?;
    check_params(&syms, &by_name)?;
    check_no_formatting(&syms)?;
    check_no_fp_simd(build, &functions)?;
    check_xen_string_functions(&obj)?;
    Ok(())
}

/// C library functions Xen has its own of (arch/*/lib), which Rust's
/// compiler_builtins also defines, weakly, for targets without a C library.
const XEN_STRING_FUNCTIONS: &[&str] = &["memcpy", "memmove", "memset", "memcmp"];

/// The Rust object defines none of [`XEN_STRING_FUNCTIONS`] (the kbuild
/// rule leaves compiler_builtins' copies out): a definition there would
/// also serve every C caller, and Xen's own versions, in an archive, would
/// never be linked.
fn check_xen_string_functions(obj: &object::File) -> Result<()> {
    let defined: Vec<&str> = obj
        .symbols()
        .filter(|sym| !sym.is_undefined())
        .filter_map(|sym| sym.name().ok())
        .filter(|name| XEN_STRING_FUNCTIONS.contains(name))
        .collect();
    if !defined.is_empty() {
        bail!(
            "scmi-smc-rs.o defines {}, which would replace Xen's own for all of Xen",
            defined.join(", ")
        );
    }
    println!(
        "check: scmi-smc-rs.o defines none of {}: it and Xen use Xen's",
        XEN_STRING_FUNCTIONS.join(", ")
    );
    Ok(())
}

/// Every mediator function lies in Xen's text (_stext.._etext), or, for
/// the boot-only ones the kbuild rule puts in .init.text, in Xen's init
/// text (_sinittext.._einittext): only those ranges are mapped executable.
fn check_in_text(by_name: &BTreeMap<String, (u64, u64)>, functions: &[Function]) -> Result<()> {
    let text = (lookup(by_name, "_stext")?, lookup(by_name, "_etext")?);
    let init = (
        lookup(by_name, "_sinittext")?,
        lookup(by_name, "_einittext")?,
    );
    let within = |(start, end): (u64, u64), f: &Function| f.addr >= start && f.addr + f.size <= end;
    let mut boot_only = 0;
    for f in functions {
        if within(init, f) {
            boot_only += 1;
        } else if !within(text, f) {
            bail!(
                "{} at {:#x}..{:#x} is outside Xen's text {:#x}..{:#x} and init text {:#x}..{:#x}",
                f.name,
                f.addr,
                f.addr + f.size,
                text.0,
                text.1,
                init.0,
                init.1
            );
        }
    }
    println!(
        "check: all {} mediator functions lie in Xen's text, {boot_only} of them (boot only) in its init text",
        functions.len()
    );
    Ok(())
}

/// Demangled name -> (address, size) of every symbol in the image.
fn symbol_table(file: &object::File) -> BTreeMap<String, (u64, u64)> {
    file.symbols()
        .filter_map(|s| {
            let name = s.name().ok()?;
            Some((demangle(name), (s.address(), s.size())))
        })
        .collect()
}

/// Rust names without their hash, so checks can name them.
fn demangle(name: &str) -> String {
    format!("{:#}", rustc_demangle::demangle(name))
}

/// The functions the object defines, located in xen-syms.
fn mediator_functions(
    obj: &object::File,
    by_name: &BTreeMap<String, (u64, u64)>,
) -> Result<Vec<Function>> {
    let mut out = Vec::new();
    for sym in obj.symbols() {
        if sym.kind() != SymbolKind::Text || !sym.is_definition() {
            continue;
        }
        let name = demangle(sym.name()?);
        let Some(&(addr, size)) = by_name.get(&name) else {
            bail!("{name} is in scmi-smc-rs.o but not in xen-syms");
        };
        out.push(Function { name, addr, size });
    }
    if out.is_empty() {
        bail!("scmi-smc-rs.o defines no function: the mediator is not linked");
    }
    Ok(out)
}

fn read_at(file: &object::File, addr: u64, len: u64) -> Result<Vec<u8>> {
    for section in file.sections() {
        let start = section.address();
        if addr >= start && addr + len <= start + section.size() {
            let data = section.data()?;
            let off = (addr - start) as usize;
            return Ok(data[off..off + len as usize].to_vec());
        }
    }
    bail!("no section holds {len} bytes at {addr:#x}")
}

fn pointers(bytes: &[u8]) -> Vec<u64> {
    bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("8-byte chunk")))
        .collect()
}

fn lookup(by_name: &BTreeMap<String, (u64, u64)>, name: &str) -> Result<u64> {
    by_name
        .get(name)
        .map(|&(addr, _)| addr)
        .with_context(|| format!("symbol {name} is missing from xen-syms"))
}

/// The device description in .dev.info names the Rust init function.
fn check_device_entry(file: &object::File, by_name: &BTreeMap<String, (u64, u64)>) -> Result<()> {
    let entry = lookup(by_name, "scmi_smc_rs_device")?;
    let section = file
        .section_by_name(".dev.info")
        .context("xen-syms has no .dev.info")?;
    if entry < section.address() || entry >= section.address() + section.size() {
        bail!("scmi_smc_rs_device is not inside .dev.info: Xen would never probe it");
    }
    let words = pointers(&read_at(file, entry, 32)?);
    let init = lookup(by_name, "scmi_smc_rs::device::init")?;
    if words[3] != init {
        bail!(
            "device entry points at {:#x}, not at scmi_smc_rs::device::init ({init:#x})",
            words[3]
        );
    }
    println!("check: .dev.info entry scmi_smc_rs_device -> scmi_smc_rs::device::init");
    Ok(())
}

/// An ops table and the callback in each of its slots, in the order of
/// the C structure.
type OpsTable = (&'static str, [(&'static str, Option<&'static str>); 8]);

/// The table registered with one SCMI agent.
const SINGLE_AGENT_TABLE: OpsTable = (
    "scmi_smc_rs::single::OPS",
    [
        ("domain_init", Some("scmi_smc_rs::single::domain_init")),
        (
            "domain_sanitise_config",
            Some("scmi_smc_rs::ops::domain_sanitise_config"),
        ),
        (
            "domain_destroy",
            Some("scmi_smc_rs::single::domain_destroy"),
        ),
        ("relinquish_resources", None),
        ("handle_call", Some("scmi_smc_rs::single::handle_call")),
        (
            "dom0_dt_handle_node",
            Some("scmi_smc_rs::dom0_tree::dom0_dt_handle_node"),
        ),
        ("dom0_dt_finalize", None),
        ("assign_dt_device", None),
    ],
);

/// The table registered when the host tree describes domain agents, in
/// builds with multi-agent SCMI.
const MULTI_AGENT_TABLE: OpsTable = (
    "scmi_smc_rs::agents::OPS",
    [
        ("domain_init", Some("scmi_smc_rs::agents::domain_init")),
        (
            "domain_sanitise_config",
            Some("scmi_smc_rs::ops::domain_sanitise_config"),
        ),
        (
            "domain_destroy",
            Some("scmi_smc_rs::agents::domain_destroy"),
        ),
        ("relinquish_resources", None),
        ("handle_call", Some("scmi_smc_rs::agents::handle_call")),
        (
            "dom0_dt_handle_node",
            Some("scmi_smc_rs::agents::dom0_dt_handle_node"),
        ),
        ("dom0_dt_finalize", None),
        (
            "assign_dt_device",
            Some("scmi_smc_rs::agents::assign_dt_device"),
        ),
    ],
);

/// An ops table holds the Rust callbacks in the order of the C structure,
/// and lies outside what Xen frees after boot: Xen keeps its address.
fn check_ops_table(
    file: &object::File,
    by_name: &BTreeMap<String, (u64, u64)>,
    (name, slots): OpsTable,
) -> Result<()> {
    let table = lookup(by_name, name)?;
    if init_range(by_name)?.contains(&table) {
        bail!("{name} at {table:#x} is freed after boot, but Xen keeps using it");
    }
    let words = pointers(&read_at(file, table, 64)?);
    let mut callbacks = 0;
    for ((slot, expected), value) in slots.iter().zip(words) {
        let want = match expected {
            Some(callback) => lookup(by_name, callback)?,
            None => 0,
        };
        callbacks += usize::from(want != 0);
        if value != want {
            bail!("{name}.{slot} is {value:#x}, expected {want:#x} ({expected:?})");
        }
    }
    println!(
        "check: {name} at {table:#x} (resident) holds the {callbacks} Rust callbacks in C order"
    );
    Ok(())
}

/// What Xen frees after boot: `__init_begin..__init_end`.
fn init_range(by_name: &BTreeMap<String, (u64, u64)>) -> Result<std::ops::Range<u64>> {
    Ok(lookup(by_name, "__init_begin")?..lookup(by_name, "__init_end")?)
}

/// No resident mediator function branches to, or takes the address of,
/// anything Xen frees after boot: every branch target and every page an
/// `adrp` names lies outside `__init_begin..__init_end`.
fn check_resident_code(
    build: &XenBuild,
    by_name: &BTreeMap<String, (u64, u64)>,
    functions: &[Function],
) -> Result<()> {
    let init = init_range(by_name)?;
    let mut checked = 0;
    for f in functions.iter().filter(|f| !init.contains(&f.addr)) {
        for (addr, mnemonic, operands) in disassemble(&build.syms(), f.addr, f.size)? {
            let Some(target) = address_operand(&mnemonic, &operands) else {
                continue;
            };
            checked += 1;
            if init.contains(&target) {
                bail!(
                    "resident {} refers to boot-only {target:#x} (freed after boot): \
                     `{mnemonic} {operands}` at {addr:#x}",
                    f.name
                );
            }
        }
    }
    println!(
        "check: no resident mediator function refers to boot-only code or data \
         ({checked} branches and address computations)"
    );
    Ok(())
}

/// The address a branch or an address computation names: the last
/// operand of `b`, `bl`, `b.cond`, `cbz`/`cbnz`, `tbz`/`tbnz`, `adr` and
/// `adrp`, as objdump prints it (`4002a8 <sym+0x8>` or `0x4002a8`).
fn address_operand(mnemonic: &str, operands: &str) -> Option<u64> {
    let names_address = matches!(
        mnemonic,
        "b" | "bl" | "cbz" | "cbnz" | "tbz" | "tbnz" | "adr" | "adrp"
    ) || mnemonic.starts_with("b.");
    if !names_address {
        return None;
    }
    let last = operands.split(',').next_back()?.split_whitespace().next()?;
    let hex = last.trim_start_matches('#').trim_start_matches("0x");
    u64::from_str_radix(hex, 16).ok()
}

/// Both command-line names are in .init.setup, and in a multi-agent
/// build (the one with the agents' ops table) `scmi-smc-reuse-unreset-agents`,
/// in a single-agent one `scmi-smc-shared-page`.
fn check_params(file: &object::File, by_name: &BTreeMap<String, (u64, u64)>) -> Result<()> {
    let multi_agent = by_name.contains_key("scmi_smc_rs::agents::OPS");
    let own = if multi_agent {
        (
            "scmi_smc_rs::params::PARAM_SCMI_SMC_REUSE_UNRESET",
            "scmi-smc-reuse-unreset-agents",
        )
    } else {
        (
            "scmi_smc_rs::params::PARAM_SCMI_SMC_SHARED_PAGE",
            "scmi-smc-shared-page",
        )
    };
    for (sym, name) in [
        (
            "scmi_smc_rs::params::PARAM_SCMI_SMC_PASSTHROUGH",
            "scmi-smc-passthrough",
        ),
        (
            "scmi_smc_rs::params::PARAM_DOM0_SCMI_SMC_PASSTHROUGH",
            "dom0_scmi_smc_passthrough",
        ),
    ]
    .into_iter()
    .chain([own])
    {
        let entry = lookup(by_name, sym)?;
        let name_ptr = pointers(&read_at(file, entry, 8)?)[0];
        let text = read_at(file, name_ptr, name.len() as u64 + 1)?;
        if text != [name.as_bytes(), &[0]].concat() {
            bail!("{sym} does not name `{name}`");
        }
    }
    println!("check: .init.setup has scmi-smc-passthrough and its alias dom0_scmi_smc_passthrough");
    if multi_agent {
        println!("check: .init.setup has scmi-smc-reuse-unreset-agents (multi-agent)");
    } else {
        println!("check: .init.setup has scmi-smc-shared-page (single agent)");
    }
    Ok(())
}

/// No Rust symbol outside the mediator's own crates: nothing of core::fmt,
/// the panic machinery or anything else from core made it into Xen.
fn check_no_formatting(file: &object::File) -> Result<()> {
    let mut foreign = Vec::new();
    let mut ours = 0;
    for sym in file.symbols() {
        let raw = sym.name()?;
        let rust = raw.starts_with("_ZN") || raw.starts_with("_R");
        let name = demangle(raw);
        if name.contains("rust_begin_unwind") || name.contains("rust_panic") {
            foreign.push(name);
        } else if rust {
            // Trait methods of the mediator's own types (`<scmi_smc_rs::dt::
            // HostTree as scmi_smc::dt::DeviceTree>::property`) are its own
            // code too.
            let own =
                |path: &str| path.starts_with("scmi_smc_rs::") || path.starts_with("scmi_smc::");
            if own(&name) || name.strip_prefix('<').is_some_and(own) {
                ours += 1;
            } else {
                foreign.push(name);
            }
        }
    }
    if !foreign.is_empty() {
        bail!(
            "Rust code outside the mediator is linked (formatting/panic paths?): {}",
            foreign.join(", ")
        );
    }
    println!("check: no core::fmt, panic or other foreign Rust symbol in xen-syms ({ours} mediator symbols)");
    Ok(())
}

/// Disassembles each mediator function in xen-syms and rejects any FP or
/// SIMD register operand (Xen does not save FP state for itself).
fn check_no_fp_simd(build: &XenBuild, functions: &[Function]) -> Result<()> {
    let mut instructions = 0;
    for f in functions {
        for (addr, mnemonic, operands) in disassemble(&build.syms(), f.addr, f.size)? {
            instructions += 1;
            if let Some(reg) = fp_simd_operand(&mnemonic, &operands) {
                bail!(
                    "{} uses FP/SIMD register {reg}: `{mnemonic} {operands}` at {addr:#x}",
                    f.name
                );
            }
        }
    }
    println!(
        "check: no FP/SIMD instruction in {instructions} instructions of {} mediator functions",
        functions.len()
    );
    Ok(())
}

/// The first FP/SIMD/SVE register named by an instruction, if any.
fn fp_simd_operand(mnemonic: &str, operands: &str) -> Option<String> {
    // Branches print their target as a bare hex address ("b8 <f+0x48>"),
    // which would read as register b8; they never take FP operands.
    let branch = matches!(
        mnemonic,
        "b" | "bl" | "cbz" | "cbnz" | "tbz" | "tbnz" | "adr" | "adrp"
    ) || mnemonic.starts_with("b.");
    if branch {
        return None;
    }
    let operands = operands.split("//").next().unwrap_or("");
    for token in operands.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.')) {
        let mut chars = token.chars();
        let Some(first) = chars.next() else { continue };
        let rest: String = chars.take_while(|c| c.is_ascii_digit()).collect();
        if "bhsdqvzp".contains(first) && !rest.is_empty() {
            let n: u32 = rest.parse().unwrap_or(99);
            if n < 32 {
                return Some(token.to_string());
            }
        }
    }
    if mnemonic.starts_with('f') && mnemonic != "fence" {
        return Some(mnemonic.to_string());
    }
    None
}

/// The mediator as linked, per column of [`sections::COLUMNS`]: the Rust
/// part and the C helpers apart.
pub struct Sizes {
    pub rust: SectionSizes,
    pub helpers: SectionSizes,
}

impl Sizes {
    /// The whole object: what `size --xen 4.22` compares with upstream's C
    /// mediator.
    pub fn object(&self) -> SectionSizes {
        SectionSizes(std::array::from_fn(|i| self.rust.0[i] + self.helpers.0[i]))
    }
}

/// Reads the sizes from the relocatable object Xen links, with the one
/// section classification of `sections.rs`. The C helpers' share is the
/// size of their `scmi_rs_*` functions, each counted in its section's
/// column; their few constants stay in the Rust part's rodata.
pub fn sizes(build: &XenBuild) -> Result<Sizes> {
    let path = build.rust_object();
    let data = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let obj = object::File::parse(&*data)?;
    let object = sections::of_elf(&obj)?;
    let mut helpers = SectionSizes::default();
    for symbol in obj.symbols() {
        if symbol.kind() != SymbolKind::Text || !symbol.name()?.starts_with("scmi_rs_") {
            continue;
        }
        let Some(index) = symbol.section_index() else {
            continue;
        };
        if let Some(col) = sections::column(obj.section_by_index(index)?.name()?) {
            helpers.0[col] += symbol.size();
        }
    }
    Ok(Sizes {
        rust: object.without(&helpers),
        helpers,
    })
}

/// `cargo xtask size`: the mediator as linked, in the columns of the 4.22
/// comparison (whose Rust row is this one's last).
pub fn size_report(build: &XenBuild) -> Result<()> {
    let sizes = sizes(build)?;
    println!("size of the mediator linked into xen-syms (bytes):");
    print!(
        "{}",
        sections::columns(&[
            ("Rust part", sizes.rust),
            ("C helpers", sizes.helpers),
            ("scmi-smc-rs.o", sizes.object()),
        ])
    );
    print!("{}", sections::RESIDENT_NOTE);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::fp_simd_operand;

    #[test]
    fn general_purpose_code_passes() {
        assert_eq!(fp_simd_operand("ldp", "x21, x30, [sp, #16]"), None);
        assert_eq!(fp_simd_operand("cbnz", "w0, b8 <f+0x48>"), None);
        assert_eq!(
            fp_simd_operand("b.ne", "c8 <scmi_rs_x+0x58>  // b.any"),
            None
        );
        assert_eq!(fp_simd_operand("smc", "#0x0"), None);
    }

    #[test]
    fn fp_and_simd_registers_are_caught() {
        assert_eq!(fp_simd_operand("ldr", "q0, [x1]").as_deref(), Some("q0"));
        assert_eq!(
            fp_simd_operand("movi", "v1.2d, #0x0").as_deref(),
            Some("v1.2d")
        );
        assert_eq!(fp_simd_operand("fmov", "d3, x2").as_deref(), Some("d3"));
        assert_eq!(
            fp_simd_operand("stp", "s8, s9, [sp]").as_deref(),
            Some("s8")
        );
        assert_eq!(
            fp_simd_operand("fcvtzs", "x0, x1").as_deref(),
            Some("fcvtzs")
        );
        assert_eq!(
            fp_simd_operand("ld1", "{z0.d}, p0/z, [x0]").as_deref(),
            Some("z0.d")
        );
    }
}
