//! The owner path of a mediator's `handle_call` as linked, counted by
//! running it: QEMU executes one instruction per translation block and
//! logs each one executed inside the handler and the functions it calls
//! (found in the disassembly of xen-syms), while the probe forwards a few
//! SCMI calls. Each call from the handler's entry to its `ret` is one
//! path (kept apart per CPU: `Trace <cpu>:`), and the owner path is the
//! one that reaches an `smc`; the count is exact, callees (Xen's register
//! accessors) included, and the `smc` counts as one instruction (EL3 is
//! the firmware's). The probe's null SMCs reach the handler too: theirs
//! is the not-ours path. The Rust handler is `single::handle_call`, upstream
//! C's is `scmi_handle_smc` (`xen/arch/arm/firmware/scmi-smc.c`).

use super::rerun;
use crate::disasm::Instruction;
use crate::util::{logs_dir, step};
use crate::xen::XenBuild;
use anyhow::{bail, Context, Result};
use object::{Object, ObjectSymbol, SymbolKind};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;

/// Rounds of the probe's loops in the traced run: each SCMI one is a path.
pub const ROUNDS: u32 = 20;
/// Rounds of each probe in the trace with 4 pCPUs busy: enough for the
/// domains' loops to overlap.
pub const BUSY_ROUNDS: u32 = 200;

/// A function of xen-syms.
#[derive(Clone, Debug)]
struct Func {
    name: String,
    addr: u64,
    size: u64,
}

/// What the trace found.
pub struct PathCount {
    /// Instructions per forwarded call, one entry per traced call.
    pub per_call: Vec<u64>,
    /// Instructions per forwarded call by function (of a call of the
    /// most common length).
    pub by_function: Vec<(String, u64)>,
    /// Instructions of each call that was not forwarded (not SCMI's id).
    pub not_ours: Vec<u64>,
    /// Instructions in `handle_call`'s body (all paths), for scale.
    pub body: u64,
}

/// One traced `handle_call`: executions per address.
struct Window {
    count: u64,
    by_addr: BTreeMap<u64, u64>,
}

/// The Rust mediator's handler (the demangled name ends so).
pub const RUST_HANDLER: &str = "single::handle_call";
/// Upstream C mediator's handler.
pub const C_HANDLER: &str = "scmi_handle_smc";
/// The Rust mediator's handler in its multi-agent mode.
pub const MULTI_AGENT_HANDLER: &str = "agents::handle_call";

/// Runs the traced boot of `scenario_name`'s QEMU arguments (a run that
/// already happened) and counts the paths through the function `handler`
/// (a name, or the end of a demangled one after `::`); `tag` names the
/// trace's log files.
pub fn count(build: &XenBuild, scenario_name: &str, handler: &str, tag: &str) -> Result<PathCount> {
    let funcs = functions(build)?;
    let entry = funcs
        .iter()
        .find(|f| f.name == handler || f.name.ends_with(&format!("::{handler}")))
        .with_context(|| format!("no {handler} in {}", build.syms().display()))?
        .clone();
    let traced = callee_closure(build, &funcs, &entry, 3)?;
    let body = disassemble(build, &entry)?;
    let rets: BTreeSet<u64> = body
        .iter()
        .filter(|(_, m, _)| m == "ret")
        .map(|(a, _, _)| *a)
        .collect();
    // The smc is the handler's own (inline assembly in both mediators);
    // a callee's would do as well.
    let mut smcs = BTreeSet::new();
    for f in &traced {
        for (address, mnemonic, _) in disassemble(build, f)? {
            if mnemonic == "smc" {
                smcs.insert(address);
            }
        }
    }
    if smcs.is_empty() {
        bail!("{handler} and its callees have no smc instruction");
    }

    // Without -icount: an instruction whose block runs out of icount
    // budget would be logged twice; the path does not depend on timing.
    let mut args: Vec<String> = rerun::harness_args(scenario_name)?
        .into_iter()
        .filter(|a| a != "-icount" && a != "shift=0")
        .collect();
    let trace = logs_dir().join(format!("bench-trace-{tag}-exec.log"));
    let ranges: Vec<String> = traced
        .iter()
        .map(|f| format!("{:#x}+{:#x}", f.addr, f.size))
        .collect();
    args.extend([
        "-accel".into(),
        "tcg,one-insn-per-tb=on".into(),
        "-d".into(),
        "exec,nochain".into(),
        "-dfilter".into(),
        ranges.join(","),
        "-D".into(),
        trace.display().to_string(),
    ]);
    step(&format!(
        "tracing {handler} and {} callee(s), one instruction per block (log: {})",
        traced.len() - 1,
        trace.display()
    ));
    rerun::run(
        &args,
        &logs_dir().join(format!("bench-trace-{tag}-console.log")),
    )?;
    let text = fs::read_to_string(&trace)?;
    let (owner, other): (Vec<Window>, Vec<Window>) = windows(&text, entry.addr, &rets)
        .into_iter()
        .partition(|w| smcs.iter().any(|smc| w.by_addr.contains_key(smc)));
    // The breakdown comes from a call of the most common length: one that
    // took an interrupt inside handle_call is longer.
    let mut lengths = BTreeMap::new();
    for w in &owner {
        *lengths.entry(w.count).or_insert(0u32) += 1;
    }
    let usual = lengths
        .iter()
        .max_by_key(|(_, times)| **times)
        .map(|(n, _)| *n);
    let Some(first) = owner.iter().find(|w| Some(w.count) == usual) else {
        bail!(
            "the trace shows no forwarded call (log: {})",
            trace.display()
        );
    };
    let by_function = traced
        .iter()
        .map(|f| {
            let n = first.by_addr.range(f.addr..f.addr + f.size).map(|(_, n)| n);
            (f.name.clone(), n.sum())
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    Ok(PathCount {
        per_call: owner.iter().map(|w| w.count).collect(),
        by_function,
        not_ours: other.iter().map(|w| w.count).collect(),
        body: body.len() as u64,
    })
}

/// Each call of the handler in the trace, from its entry to one of its
/// `ret`s, on each CPU apart (their lines interleave).
fn windows(trace: &str, entry: u64, rets: &BTreeSet<u64>) -> Vec<Window> {
    let mut done = Vec::new();
    let mut open: BTreeMap<u32, Window> = BTreeMap::new();
    for (cpu, pc) in trace.lines().filter_map(traced_pc) {
        if pc == entry {
            open.insert(
                cpu,
                Window {
                    count: 0,
                    by_addr: BTreeMap::new(),
                },
            );
        }
        let Some(w) = open.get_mut(&cpu) else {
            continue;
        };
        w.count += 1;
        *w.by_addr.entry(pc).or_insert(0) += 1;
        if rets.contains(&pc) {
            done.extend(open.remove(&cpu));
        }
    }
    done
}

/// The CPU and guest PC of a QEMU `-d exec` line:
/// `Trace 0: 0x7f.. [00000000/0000000000274418/00000000/ff200000] sym`.
fn traced_pc(line: &str) -> Option<(u32, u64)> {
    let (cpu, rest) = line.strip_prefix("Trace ")?.split_once(':')?;
    let inside = rest.split_once('[')?.1;
    let pc = inside.split('/').nth(1)?;
    Some((cpu.parse().ok()?, u64::from_str_radix(pc, 16).ok()?))
}

/// Every function symbol of xen-syms, demangled.
fn functions(build: &XenBuild) -> Result<Vec<Func>> {
    let data = fs::read(build.syms())?;
    let file = object::File::parse(&*data).context("parsing xen-syms")?;
    Ok(file
        .symbols()
        .filter(|s| s.kind() == SymbolKind::Text && s.size() > 0)
        .filter_map(|s| {
            Some(Func {
                name: format!("{:#}", rustc_demangle::demangle(s.name().ok()?)),
                addr: s.address(),
                size: s.size(),
            })
        })
        .collect())
}

/// `(address, mnemonic, operands)` of each instruction of `f`.
fn disassemble(build: &XenBuild, f: &Func) -> Result<Vec<Instruction>> {
    crate::disasm::disassemble(&build.syms(), f.addr, f.size)
}

/// `root` and the functions it reaches by direct calls or tail branches,
/// up to `depth` levels (the owner path needs two: handle_call, Xen's
/// register accessors, their helper).
fn callee_closure(build: &XenBuild, funcs: &[Func], root: &Func, depth: u32) -> Result<Vec<Func>> {
    let by_addr: BTreeMap<u64, &Func> = funcs.iter().map(|f| (f.addr, f)).collect();
    let mut seen: BTreeMap<u64, Func> = BTreeMap::from([(root.addr, root.clone())]);
    let mut frontier = vec![root.clone()];
    for _ in 0..depth {
        let mut next = Vec::new();
        for f in &frontier {
            for (_, mnemonic, operands) in disassemble(build, f)? {
                if mnemonic != "bl" && mnemonic != "b" {
                    continue;
                }
                let target = operands.split_whitespace().next().unwrap_or("");
                let Ok(target) = u64::from_str_radix(target, 16) else {
                    continue;
                };
                if let Some(callee) = by_addr.get(&target) {
                    if let std::collections::btree_map::Entry::Vacant(slot) = seen.entry(target) {
                        slot.insert((*callee).clone());
                        next.push((*callee).clone());
                    }
                }
            }
        }
        frontier = next;
    }
    Ok(seen.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_exec_lines_and_counts_windows() {
        let trace = "\
Trace 0: 0x7f00 [00000000/0000000000001000/00000000/ff200000] f
Trace 0: 0x7f01 [00000000/0000000000000100/00000000/ff200000] handle_call
Trace 0: 0x7f02 [00000000/0000000000000104/00000000/ff200000] handle_call
Trace 0: 0x7f03 [00000000/0000000000001000/00000000/ff200000] callee
Trace 0: 0x7f04 [00000000/0000000000000108/00000000/ff200000] handle_call
Trace 0: 0x7f05 [00000000/0000000000001000/00000000/ff200000] callee
some other line
Trace 0: 0x7f01 [00000000/0000000000000100/00000000/ff200000] handle_call
Trace 1: 0x7f01 [00000000/0000000000000100/00000000/ff200000] handle_call
Trace 1: 0x7f02 [00000000/0000000000000104/00000000/ff200000] handle_call
Trace 0: 0x7f04 [00000000/0000000000000108/00000000/ff200000] handle_call
Trace 1: 0x7f04 [00000000/0000000000000108/00000000/ff200000] handle_call
";
        let rets = BTreeSet::from([0x108]);
        let found = windows(trace, 0x100, &rets);
        let counts: Vec<u64> = found.iter().map(|w| w.count).collect();
        // CPU 1's call interleaves with CPU 0's second: each is its own.
        assert_eq!(counts, vec![4, 2, 3]);
        assert_eq!(found[0].by_addr.get(&0x1000), Some(&1));
        assert_eq!(found[1].by_addr.get(&0x1000), None);
    }
}
