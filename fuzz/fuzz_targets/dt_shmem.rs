//! Fuzzes the hardware-domain DT policy and the FDT reader under it.
//!
//! The first input byte picks how the rest becomes a device tree:
//! - even: the bytes are a DTB as they come (exercises the reader's bounds
//!   checks on arbitrary garbage);
//! - odd: the bytes are a little program that builds a tree out of SCMI
//!   pieces (scmi/shmem compatibles, phandles, shmem lists, reg, cell
//!   counts, ranges), written out as a well-formed DTB. Random bytes rarely
//!   make a valid DTB, so this is what reaches the policy's corner cases.
//!
//! Every node then goes through `dom0_node_action` with the hardware domain
//! as owner and as non-owner. Nothing may panic, and the outcomes must keep
//! the policy's promises (checked below).
#![no_main]

use libfuzzer_sys::fuzz_target;
use scmi_smc::dt::{dom0_node_action, DeviceTree, Dom0DtSink, DtProblem, NodeAction};
use scmi_smc::fdt::{Fdt, FdtNode};

#[path = "../../scmi_smc/tests/common/fdt_builder.rs"]
mod fdt_builder;

use fdt_builder::{node, Node};

/// Checks each side effect as it arrives.
#[derive(Default)]
struct Checker {
    grants: usize,
}

impl Dom0DtSink<FdtNode> for Checker {
    fn grant(&mut self, first_pfn: u64, last_pfn: u64) {
        assert!(
            first_pfn <= last_pfn,
            "grant {first_pfn:#x}..={last_pfn:#x} is reversed"
        );
        self.grants += 1;
    }
    fn problem(&mut self, _at: FdtNode, problem: DtProblem) {
        // The FFI prints these: the arguments must be computable.
        let _ = (problem.log_format(), problem.log_args());
    }
}

/// Runs the policy on every node of `blob`.
fn check_blob(blob: &[u8]) {
    let Ok(fdt) = Fdt::new(blob) else { return };
    for node in fdt.nodes() {
        let mut owner = Checker::default();
        assert_eq!(
            dom0_node_action(&fdt, node, true, &mut owner),
            NodeAction::Keep
        );
        assert_eq!(
            owner.grants, 0,
            "an owning hardware domain is granted nothing"
        );

        let mut other = Checker::default();
        let action = dom0_node_action(&fdt, node, false, &mut other);
        let scmi = fdt.is_compatible(node, c"arm,scmi-smc");
        let shmem = fdt.is_compatible(node, c"arm,scmi-shmem");
        assert_eq!(action == NodeAction::Skip, scmi || shmem);
        if !scmi {
            assert_eq!(other.grants, 0, "only SCMI nodes grant memory");
        }
    }
}

/// Decodes the structured form into a tree.
struct Program<'a> {
    bytes: std::slice::Iter<'a, u8>,
}

const NAMES: [&str; 6] = [
    "scmi",
    "shm@0",
    "protocol@14",
    "soc",
    "firmware",
    "sram@1000",
];
const COMPATIBLES: [&[&str]; 5] = [
    &["arm,scmi-smc"],
    &["arm,scmi-shmem"],
    &["vendor,other"],
    &["vendor,x", "arm,scmi-smc"],
    &["arm,scmi-smc", "arm,scmi-shmem"],
];
const WORDS: [u32; 8] = [0, 1, 2, 0x1000, 0x8000_0000, 0xffff_f000, 0xffff_ffff, 0x10];

impl Program<'_> {
    fn byte(&mut self) -> u8 {
        self.bytes.next().copied().unwrap_or(0)
    }

    /// A small phandle (often one that exists), or an edge value.
    fn word(&mut self) -> u32 {
        let b = self.byte();
        if b & 0x80 != 0 {
            WORDS[usize::from(b) % WORDS.len()]
        } else {
            u32::from(b % 8)
        }
    }

    fn cells(&mut self, max: u8) -> Vec<u32> {
        let count = self.byte() % (max + 1);
        (0..count).map(|_| self.word()).collect()
    }

    /// Builds one node's properties and children, to `depth` levels.
    fn node(&mut self, name: &str, depth: u8) -> Node {
        let mut n = node(name);
        while self.bytes.len() > 0 {
            n = match self.byte() % 10 {
                0 if depth < 6 => {
                    let name = NAMES[usize::from(self.byte()) % NAMES.len()];
                    let child = self.node(name, depth + 1);
                    n.child(child)
                }
                1 => return n,
                2 => n.strs(
                    "compatible",
                    COMPATIBLES[usize::from(self.byte()) % COMPATIBLES.len()],
                ),
                3 => {
                    let value = self.word();
                    n.phandle(value)
                }
                4 => {
                    let list = self.cells(4);
                    n.cells("shmem", &list)
                }
                5 => {
                    let len = usize::from(self.byte() % 8);
                    let raw: Vec<u8> = (0..len).map(|_| self.byte()).collect();
                    n.bytes("shmem", &raw)
                }
                6 => {
                    let reg = self.cells(6);
                    n.cells("reg", &reg)
                }
                7 => {
                    let cells = u32::from(self.byte() % 4);
                    n.cells("#address-cells", &[cells])
                }
                8 => {
                    let cells = u32::from(self.byte() % 4);
                    n.cells("#size-cells", &[cells])
                }
                _ => {
                    let ranges = self.cells(8);
                    n.cells("ranges", &ranges)
                }
            };
        }
        n
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 1 == 0 {
        check_blob(rest);
    } else {
        let tree = Program { bytes: rest.iter() }.node("", 0);
        check_blob(&tree.build());
    }
});
