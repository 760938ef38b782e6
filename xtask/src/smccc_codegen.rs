//! The SMCCC fix's generated-code test: where the value in x0 at each
//! `smc` of a linked `xen-syms` comes from.
//!
//! Since 4.22.0 the SMCCC 1.1 macros bind each argument register before
//! the next argument is evaluated, so when a later argument is a call
//! (`get_user_reg(regs, N)`) the call overwrites x0 and the firmware gets
//! the guest's register N as the function id. The test reads the machine
//! code, not the source: for every `smc` it follows x0 backwards along
//! every path of the function's control flow, through register copies and
//! 32-bit zero extensions, to the instructions that produced it. A caller
//! is fixed when every path ends at the result of `get_user_reg()` called
//! with 0 as its register index, i.e. the guest's function id; it is
//! broken when a path ends at `get_user_reg()` for another index.
//!
//! The index passed to `get_user_reg()` is itself found the same way, by
//! following w1 back from the call to a `mov w1, #imm`. Anything the walk
//! cannot follow (a load, arithmetic, the function's own argument) is
//! reported as such and never counts as the function id.

use crate::disasm::{instruction, Instruction};
use crate::util::output;
use anyhow::{bail, Result};
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::process::Command;

/// The function the callers read guest registers with.
const GET_USER_REG: &str = "get_user_reg";

/// Where a register's value at an instruction came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// The result of a call (x0 after `bl`); `index` is the constant the
    /// call was given in w1, when there is one on every path.
    Call { callee: String, index: Option<u64> },
    /// A register the call at `callee` may have clobbered (x1-x18).
    Clobbered { callee: String },
    /// An immediate.
    Const(u64),
    /// The function's own argument register, unchanged since its entry.
    Entry(u8),
    /// An instruction the walk does not follow (its text).
    Other(String),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Call {
                callee,
                index: Some(i),
            } if callee == GET_USER_REG => write!(f, "{callee}(regs, {i})"),
            Source::Call { callee, .. } => write!(f, "the result of {callee}()"),
            Source::Clobbered { callee } => write!(f, "whatever {callee}() left"),
            Source::Const(v) => write!(f, "#{v:#x}"),
            Source::Entry(r) => write!(f, "x{r} on entry"),
            Source::Other(text) => write!(f, "`{text}`"),
        }
    }
}

impl Source {
    /// True for the guest's function id: `get_user_reg(regs, 0)`.
    fn is_function_id(&self) -> bool {
        matches!(self, Source::Call { callee, index: Some(0) } if callee == GET_USER_REG)
    }

    /// True for another guest register: `get_user_reg(regs, N)`, N != 0.
    fn is_other_guest_reg(&self) -> bool {
        matches!(self, Source::Call { callee, index: Some(i) } if callee == GET_USER_REG && *i != 0)
    }
}

/// One function of the disassembly.
pub struct Function {
    pub name: String,
    pub code: Vec<Instruction>,
}

/// The functions of `objdump -d` output, in order.
pub fn functions(objdump: &str) -> Vec<Function> {
    let mut out: Vec<Function> = Vec::new();
    for line in objdump.lines() {
        if let Some(name) = line
            .strip_suffix(">:")
            .and_then(|l| l.split_once(" <"))
            .map(|(_, n)| n)
        {
            out.push(Function {
                name: name.to_owned(),
                code: Vec::new(),
            });
        } else if let (Some(f), Some(ins)) = (out.last_mut(), instruction(line)) {
            f.code.push(ins);
        }
    }
    out
}

/// What x0 holds at one `smc`.
pub struct Finding {
    pub function: String,
    pub smc: u64,
    pub x0: BTreeSet<Source>,
}

impl Finding {
    /// Every path gives x0 the guest's function id.
    pub fn fixed(&self) -> bool {
        !self.x0.is_empty() && self.x0.iter().all(Source::is_function_id)
    }
    /// Some path gives x0 another guest register.
    pub fn broken(&self) -> bool {
        self.x0.iter().any(Source::is_other_guest_reg)
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x0: Vec<String> = self.x0.iter().map(ToString::to_string).collect();
        write!(
            f,
            "{} smc at {:#x}: x0 = {}",
            self.function,
            self.smc,
            x0.join(" or ")
        )
    }
}

/// Every `smc` of every function in `objdump` with the sources of x0.
pub fn scan(objdump: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for f in functions(objdump) {
        let flow = Flow::new(&f.code);
        for (i, (addr, mnemonic, _)) in f.code.iter().enumerate() {
            if mnemonic == "smc" {
                out.push(Finding {
                    function: f.name.clone(),
                    smc: *addr,
                    x0: flow.sources(i, 0),
                });
            }
        }
    }
    out
}

/// The verdict on one build: each of `callers` must have an `smc` and
/// pass the function id in x0 at every one of them (`want_fixed`), or
/// pass another guest register at one of them at least (the build
/// without the fix). Either way no other `smc` of the image may take x0
/// from a guest register other than x0. Returns the lines to print.
pub fn judge(findings: &[Finding], callers: &[&str], want_fixed: bool) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    let mut wrong = Vec::new();
    for caller in callers {
        let mine: Vec<&Finding> = findings.iter().filter(|f| f.function == *caller).collect();
        if mine.is_empty() {
            wrong.push(format!("{caller}: no smc instruction found"));
        }
        for f in mine {
            let ok = if want_fixed { f.fixed() } else { f.broken() };
            let verdict = match (f.fixed(), f.broken()) {
                (true, _) => "the function id",
                (_, true) => "NOT the function id",
                _ => "not understood",
            };
            lines.push(format!("{f}: {verdict}"));
            if !ok {
                wrong.push(f.to_string());
            }
        }
    }
    for f in findings {
        if !callers.contains(&f.function.as_str()) && f.broken() {
            lines.push(format!("{f}: NOT the function id (unlisted caller)"));
            if want_fixed {
                wrong.push(f.to_string());
            }
        }
    }
    if !wrong.is_empty() {
        let want = if want_fixed {
            "the function id in x0 at every smc"
        } else {
            "another guest register in x0 (the SMCCC regression)"
        };
        bail!("expected {want}, but:\n  {}", wrong.join("\n  "));
    }
    Ok(lines)
}

/// Disassembles `xen_syms` and judges it (see [`judge`]).
pub fn check(xen_syms: &Path, callers: &[&str], want_fixed: bool) -> Result<Vec<String>> {
    let text = output(
        Command::new("aarch64-linux-gnu-objdump")
            .arg("-d")
            .arg(xen_syms),
    )?;
    judge(&scan(&text), callers, want_fixed)
}

/// A register operand: its number (x0-x30, w0-w30), or `Zero` for xzr/wzr.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reg {
    N(u8),
    Zero,
}

fn reg(operand: &str) -> Option<Reg> {
    let op = operand.trim();
    if op == "xzr" || op == "wzr" {
        return Some(Reg::Zero);
    }
    let n = op.strip_prefix('x').or_else(|| op.strip_prefix('w'))?;
    n.parse::<u8>().ok().filter(|n| *n <= 30).map(Reg::N)
}

fn imm(operand: &str) -> Option<u64> {
    let op = operand.trim().strip_prefix('#')?;
    match op.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => op.parse().ok(),
    }
}

/// The operands of an instruction, split at top-level commas.
fn operands(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    if !text.trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

/// Mnemonics whose first operand is read, not written.
const NO_DEST: &[&str] = &[
    "cmp", "cmn", "tst", "cbz", "cbnz", "tbz", "tbnz", "b", "br", "ret", "msr", "smc", "hvc",
    "prfm", "ccmp", "ccmn",
];

/// The general registers `ins` writes (calls aside).
fn writes(ins: &Instruction) -> Vec<u8> {
    let (_, mnemonic, ops) = ins;
    if NO_DEST.contains(&mnemonic.as_str())
        || mnemonic.starts_with("b.")
        || mnemonic.starts_with("st")
    {
        return Vec::new();
    }
    let ops = operands(ops);
    let count = if mnemonic.starts_with("ldp") || mnemonic.starts_with("ldnp") {
        2
    } else {
        1
    };
    ops.iter()
        .take(count)
        .filter_map(|o| match reg(o) {
            Some(Reg::N(n)) => Some(n),
            _ => None,
        })
        .collect()
}

/// What writing `dst` in `ins` means for the walk.
enum Step {
    /// The value is a copy (or the 32-bit zero extension) of this register.
    Copy(Reg),
    /// The value has this source.
    Done(Source),
}

fn step_of(ins: &Instruction) -> Step {
    let (_, mnemonic, text) = ins;
    let ops = operands(text);
    let other = || Step::Done(Source::Other(format!("{mnemonic} {text}")));
    match (mnemonic.as_str(), ops.as_slice()) {
        ("mov" | "uxtw", [_, src]) => match (reg(src), imm(src)) {
            (Some(r), _) => Step::Copy(r),
            (None, Some(v)) => Step::Done(Source::Const(v)),
            _ => other(),
        },
        // The (uint32_t) conversion of the function id.
        ("and", [_, src, mask]) if imm(mask) == Some(0xffff_ffff) => {
            reg(src).map_or_else(other, Step::Copy)
        }
        _ => other(),
    }
}

/// The control flow of one function: the predecessors of each instruction.
struct Flow<'a> {
    code: &'a [Instruction],
    preds: Vec<Vec<usize>>,
}

impl<'a> Flow<'a> {
    fn new(code: &'a [Instruction]) -> Self {
        let mut preds = vec![Vec::new(); code.len()];
        let at = |addr: u64| code.iter().position(|(a, _, _)| *a == addr);
        for (i, (_, mnemonic, text)) in code.iter().enumerate() {
            let ends = matches!(mnemonic.as_str(), "b" | "br" | "ret" | "eret");
            if !ends && i + 1 < code.len() {
                preds[i + 1].push(i);
            }
            let branches = mnemonic == "b"
                || mnemonic.starts_with("b.")
                || matches!(mnemonic.as_str(), "cbz" | "cbnz" | "tbz" | "tbnz");
            if branches {
                // The target is the last operand: `1020 <f+0x20>`.
                let target = operands(text)
                    .last()
                    .and_then(|t| t.split_whitespace().next())
                    .and_then(|w| u64::from_str_radix(w, 16).ok())
                    .and_then(at);
                if let Some(t) = target {
                    preds[t].push(i);
                }
            }
        }
        Flow { code, preds }
    }

    /// The sources of register `r` as instruction `at` reads it.
    fn sources(&self, at: usize, r: u8) -> BTreeSet<Source> {
        let mut out = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut work = vec![(at, r)];
        while let Some((i, r)) = work.pop() {
            if !seen.insert((i, r)) {
                continue;
            }
            if i == 0 || self.preds[i].is_empty() {
                out.insert(Source::Entry(r));
                continue;
            }
            for &p in &self.preds[i] {
                match self.source_at(p, r) {
                    None => work.push((p, r)),
                    Some(Ok(s)) => {
                        out.insert(s);
                    }
                    Some(Err(Reg::N(from))) => work.push((p, from)),
                    Some(Err(Reg::Zero)) => {
                        out.insert(Source::Const(0));
                    }
                }
            }
        }
        out
    }

    /// What instruction `p` does to register `r`: nothing (`None`), gives
    /// it a source, or copies it from another register (`Err`).
    fn source_at(&self, p: usize, r: u8) -> Option<std::result::Result<Source, Reg>> {
        let ins = &self.code[p];
        let (_, mnemonic, text) = ins;
        if mnemonic == "bl" || mnemonic == "blr" {
            let callee = text
                .split_once('<')
                .and_then(|(_, c)| c.strip_suffix('>'))
                .unwrap_or(text)
                .to_owned();
            return match r {
                0 => {
                    let index = match self.sources(p, 1).into_iter().collect::<Vec<_>>()[..] {
                        [Source::Const(v)] => Some(v),
                        _ => None,
                    };
                    Some(Ok(Source::Call { callee, index }))
                }
                1..=18 | 30 => Some(Ok(Source::Clobbered { callee })),
                _ => None,
            };
        }
        if !writes(ins).contains(&r) {
            return None;
        }
        Some(match step_of(ins) {
            Step::Copy(from) => Err(from),
            Step::Done(s) => Ok(s),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Built from 4.22.0 as released (gcc 12.2, arm64 defconfig): the tail
    /// of scmi_handle_smc(), from the first call after the checks to the
    /// smc. Every result but the last is thrown away.
    const UNFIXED: &str = "\
0000000000001000 <scmi_handle_smc>:
    1000:\ta9bb53f3 \tstp\tx19, x20, [sp, #-80]!
    1004:\t52800001 \tmov\tw1, #0x0                   \t// #0
    1008:\taa0003f3 \tmov\tx19, x0
    100c:\t94002c53 \tbl\t2000 <get_user_reg>
    1010:\t2a0003f4 \tmov\tw20, w0
    1014:\t6b14001f \tcmp\tw0, w20
    1018:\t54000041 \tb.ne\t1020 <scmi_handle_smc+0x20>  // b.any
    101c:\td65f03c0 \tret
    1020:\taa1303e0 \tmov\tx0, x19
    1024:\t52800021 \tmov\tw1, #0x1                   \t// #1
    1028:\t94002c53 \tbl\t2000 <get_user_reg>
    102c:\taa1303e0 \tmov\tx0, x19
    1030:\t52800041 \tmov\tw1, #0x2                   \t// #2
    1034:\t94002c53 \tbl\t2000 <get_user_reg>
    1038:\taa1303e0 \tmov\tx0, x19
    103c:\t528000e1 \tmov\tw1, #0x7                   \t// #7
    1040:\t94002c53 \tbl\t2000 <get_user_reg>
    1044:\taa0003e7 \tmov\tx7, x0
    1048:\td4000003 \tsmc\t#0x0
    104c:\td65f03c0 \tret
";

    /// The same function with the fix: the results are kept in callee-saved
    /// registers, and x0 is loaded last from the function id (and its
    /// (uint32_t) conversion). An early return restores x20 from the stack
    /// on a path that never reaches the smc.
    const FIXED: &str = "\
0000000000001000 <scmi_handle_smc>:
    1000:\ta9bb53f3 \tstp\tx19, x20, [sp, #-80]!
    1004:\t52800001 \tmov\tw1, #0x0                   \t// #0
    1008:\taa0003f3 \tmov\tx19, x0
    100c:\t94002c53 \tbl\t2000 <get_user_reg>
    1010:\taa0003f4 \tmov\tx20, x0
    1014:\t6b14001f \tcmp\tw0, w20
    1018:\t54000061 \tb.ne\t1024 <scmi_handle_smc+0x24>  // b.any
    101c:\ta8c553f3 \tldp\tx19, x20, [sp], #80
    1020:\td65f03c0 \tret
    1024:\t528000e1 \tmov\tw1, #0x7                   \t// #7
    1028:\taa1303e0 \tmov\tx0, x19
    102c:\t94002c53 \tbl\t2000 <get_user_reg>
    1030:\taa0003f5 \tmov\tx21, x0
    1034:\t52800021 \tmov\tw1, #0x1                   \t// #1
    1038:\taa1303e0 \tmov\tx0, x19
    103c:\t94002c53 \tbl\t2000 <get_user_reg>
    1040:\taa0003e1 \tmov\tx1, x0
    1044:\taa1503e7 \tmov\tx7, x21
    1048:\t92407e80 \tand\tx0, x20, #0xffffffff
    104c:\td4000003 \tsmc\t#0x0
    1050:\td65f03c0 \tret
";

    /// zynqmp_eemi() with the fix: the function id is the last call, made
    /// straight into x0, then zero-extended.
    const FIXED_LAST_CALL: &str = "\
0000000000003000 <zynqmp_eemi>:
    3000:\t52800021 \tmov\tw1, #0x1                   \t// #1
    3004:\taa1303e0 \tmov\tx0, x19
    3008:\t94002dcd \tbl\t2000 <get_user_reg>
    300c:\taa0003f6 \tmov\tx22, x0
    3010:\t52800001 \tmov\tw1, #0x0                   \t// #0
    3014:\taa1303e0 \tmov\tx0, x19
    3018:\t94002dc9 \tbl\t2000 <get_user_reg>
    301c:\t2a0003e0 \tmov\tw0, w0
    3020:\taa1603e1 \tmov\tx1, x22
    3024:\td4000003 \tsmc\t#0x0
";

    /// A caller whose id is a constant (the errata workarounds).
    const CONSTANT: &str = "\
0000000000004000 <wa2_ssbd>:
    4000:\t52800021 \tmov\tw1, #0x1                   \t// #1
    4004:\t12b00000 \tmov\tw0, #0x7fff                \t// #32767
    4008:\td4000003 \tsmc\t#0x0
";

    fn one(text: &str) -> Finding {
        let mut all = scan(text);
        assert_eq!(all.len(), 1);
        all.remove(0)
    }

    fn call(index: u64) -> Source {
        Source::Call {
            callee: GET_USER_REG.into(),
            index: Some(index),
        }
    }

    #[test]
    fn unfixed_x0_is_the_last_guest_register_read() {
        let f = one(UNFIXED);
        assert_eq!(f.x0, BTreeSet::from([call(7)]));
        assert!(f.broken() && !f.fixed());
        assert!(judge(&[f], &["scmi_handle_smc"], true).is_err());
        assert!(judge(&scan(UNFIXED), &["scmi_handle_smc"], false).is_ok());
    }

    #[test]
    fn fixed_x0_is_the_function_id_through_the_conversion() {
        // The ldp on the early-return path writes x20 but never reaches
        // the smc: following the control flow, not the address order,
        // is what keeps it out.
        let f = one(FIXED);
        assert_eq!(f.x0, BTreeSet::from([call(0)]));
        assert!(f.fixed() && !f.broken());
        let lines = judge(&scan(FIXED), &["scmi_handle_smc"], true).unwrap();
        assert_eq!(
            lines,
            ["scmi_handle_smc smc at 0x104c: x0 = get_user_reg(regs, 0): the function id"]
        );
        assert!(judge(&scan(FIXED), &["scmi_handle_smc"], false).is_err());
    }

    #[test]
    fn fixed_with_the_id_read_last() {
        let f = one(FIXED_LAST_CALL);
        assert_eq!(f.x0, BTreeSet::from([call(0)]));
        assert!(f.fixed());
    }

    #[test]
    fn constants_are_neither_and_a_missing_caller_fails() {
        let f = one(CONSTANT);
        assert_eq!(f.x0, BTreeSet::from([Source::Const(0x7fff)]));
        assert!(!f.fixed() && !f.broken());
        // Not a listed caller: reported by neither verdict.
        assert!(judge(&scan(CONSTANT), &[], true).unwrap().is_empty());
        let err = judge(&scan(CONSTANT), &["imx8qm_smc"], true).unwrap_err();
        assert!(err.to_string().contains("no smc"), "{err}");
    }

    #[test]
    fn an_unlisted_broken_caller_fails_the_fixed_verdict() {
        let renamed = UNFIXED.replace("scmi_handle_smc", "imx8m_smc");
        assert!(judge(&scan(&renamed), &["scmi_handle_smc"], true).is_err());
    }

    #[test]
    fn operands_split_outside_brackets() {
        assert_eq!(
            operands("x19, x20, [sp, #-80]!"),
            ["x19", "x20", "[sp, #-80]!"]
        );
        assert_eq!(
            writes(&(0, "ldp".into(), "x19, x20, [sp], #80".into())),
            [19, 20]
        );
        assert!(writes(&(0, "stp".into(), "x19, x20, [sp]".into())).is_empty());
        assert!(writes(&(0, "cmp".into(), "w0, w20".into())).is_empty());
    }
}
