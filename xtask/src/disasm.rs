//! Disassembly of a range of the linked hypervisor, one instruction per
//! item, for the build checks and the benchmark's path counting.

use crate::util::output;
use anyhow::Result;
use std::path::Path;
use std::process::Command;

/// One instruction: address, mnemonic, operands (comments included).
pub type Instruction = (u64, String, String);

/// The instructions of `elf` in `[addr, addr + size)`.
pub fn disassemble(elf: &Path, addr: u64, size: u64) -> Result<Vec<Instruction>> {
    let text = output(
        Command::new("aarch64-linux-gnu-objdump")
            .arg("-d")
            .arg(format!("--start-address={addr:#x}"))
            .arg(format!("--stop-address={:#x}", addr + size))
            .arg(elf),
    )?;
    Ok(text.lines().filter_map(instruction).collect())
}

/// One objdump line: `  274418:\td10383ff \tsub\tsp, sp, #0xe0`.
pub(crate) fn instruction(line: &str) -> Option<Instruction> {
    let mut cols = line.split('\t');
    let addr = cols.next()?.trim().strip_suffix(':')?;
    let addr = u64::from_str_radix(addr, 16).ok()?;
    let _encoding = cols.next()?;
    let mnemonic = cols.next()?.trim().to_owned();
    let operands = cols.next().unwrap_or("").trim().to_owned();
    Some((addr, mnemonic, operands))
}

#[cfg(test)]
mod tests {
    use super::instruction;

    #[test]
    fn reads_objdump_lines() {
        assert_eq!(
            instruction("  274418:\td10383ff \tsub\tsp, sp, #0xe0"),
            Some((0x274418, "sub".into(), "sp, sp, #0xe0".into()))
        );
        assert_eq!(instruction("0000000000274418 <handle_call>:"), None);
    }
}
