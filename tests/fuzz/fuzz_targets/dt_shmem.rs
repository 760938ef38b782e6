//! Fuzzes the hardware-domain DT policy and the FDT reader under it.
//!
//! The first input byte picks how the rest becomes a device tree:
//! - even: the bytes are a DTB as they come (exercises the reader's bounds
//!   checks on arbitrary garbage);
//! - odd: the bytes are a little program that builds a tree out of SCMI
//!   pieces (SMC, mailbox and OP-TEE transports, shmem compatibles in any
//!   case, status, phandles, shmem lists, reg, cell counts, ranges),
//!   written out as a well-formed DTB. Random bytes rarely make a valid
//!   DTB, so this is what reaches the policy's corner cases.
//!
//! Every node then goes through `dom0_node_action` with the hardware domain
//! as owner and as non-owner. Nothing may panic, and the outcomes must
//! match a plain model of the policy (`Model` below): which nodes are
//! skipped, which may be granted memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;

use scmi_smc::dt::{
    dom0_node_action, DeviceTree, Dom0DtSink, DtProblem, NodeAction, ScmiUses, SharedPage,
    MAX_SCMI_CHILDREN,
};
use fdt_reader::{Fdt, FdtNode};

use policy_tests::fdt_builder::{node, Node};

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
        let _ = problem.report();
    }
    fn shared_page(&mut self, channel: FdtNode, with: FdtNode, _pfn: u64, _granted: bool) {
        assert!(channel != with, "a channel shares its page with itself");
    }
    fn uses_scmi(&mut self, _node: FdtNode, uses: ScmiUses) {
        assert!(!uses.is_empty(), "a node reported for no list");
        // The FFI prints the names from a buffer of this size.
        let mut names = [0u8; 128];
        let names = uses.write_names(&mut names);
        assert_eq!(names.to_bytes().is_empty(), uses.is_empty());
    }
}

/// What the policy should do, worked out the long way round: the enabled
/// SCMI-over-SMC nodes, and every "arm,scmi-shmem" node a valid phandle in
/// one of their "shmem" lists (or those of their first children) names.
struct Model {
    handled: HashSet<FdtNode>,
    channels: HashSet<FdtNode>,
}

impl Model {
    fn of(fdt: &Fdt<'_>) -> Model {
        let enabled = |node| match fdt.property(node, c"status") {
            None => true,
            Some(value) => {
                let text = value.split(|b| *b == 0).next().unwrap_or(&[]);
                !value.is_empty() && (text == b"okay" || text == b"ok")
            }
        };
        let handled: HashSet<_> = fdt
            .nodes()
            .filter(|n| compatible(fdt, *n, "arm,scmi-smc") && enabled(*n))
            .collect();
        let mut channels = HashSet::new();
        for scmi in &handled {
            let mut owners = vec![*scmi];
            let mut child = fdt.first_child(*scmi);
            while let Some(c) = child {
                if owners.len() > MAX_SCMI_CHILDREN {
                    break;
                }
                owners.push(c);
                child = fdt.next_sibling(c);
            }
            for owner in owners {
                // A disabled protocol node counts as absent.
                if !enabled(owner) {
                    continue;
                }
                let Some(list) = fdt.property(owner, c"shmem") else {
                    continue;
                };
                if list.is_empty() || list.len() % 4 != 0 {
                    continue;
                }
                for cell in list.chunks_exact(4) {
                    let phandle = u32::from_be_bytes(cell.try_into().unwrap());
                    if phandle == 0 || phandle == u32::MAX {
                        continue;
                    }
                    if let Some(target) = fdt.node_by_phandle(phandle) {
                        if compatible(fdt, target, "arm,scmi-shmem") {
                            channels.insert(target);
                        }
                    }
                }
            }
        }
        Model { handled, channels }
    }
}

/// Whether one entry of the node's "compatible" is `name`, in any ASCII
/// case (Xen's strcasecmp).
fn compatible(fdt: &Fdt<'_>, node: FdtNode, name: &str) -> bool {
    fdt.property(node, c"compatible").is_some_and(|list| {
        list.split(|b| *b == 0)
            .any(|entry| entry.eq_ignore_ascii_case(name.as_bytes()))
    })
}

/// Runs the policy on every node of `blob`.
fn check_blob(blob: &[u8]) {
    let Ok(fdt) = Fdt::new(blob) else { return };
    let model = Model::of(&fdt);
    for (node_index, node) in fdt.nodes().enumerate() {
        let mut owner = Checker::default();
        assert_eq!(
            dom0_node_action(&fdt, node, true, SharedPage::Refuse, &mut owner),
            NodeAction::Keep
        );
        assert_eq!(
            owner.grants, 0,
            "an owning hardware domain is granted nothing"
        );

        let mut other = Checker::default();
        let shared = if node_index % 2 == 0 {
            SharedPage::Refuse
        } else {
            SharedPage::Grant
        };
        let action = dom0_node_action(&fdt, node, false, shared, &mut other);
        let handled = model.handled.contains(&node);
        let channel = model.channels.contains(&node);
        assert_eq!(
            action == NodeAction::Skip,
            handled || channel,
            "handled SCMI node {handled}, its channel {channel}"
        );
        if !handled {
            assert_eq!(other.grants, 0, "only handled SCMI nodes grant memory");
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
const COMPATIBLES: [&[&str]; 9] = [
    &["arm,scmi-smc"],
    &["arm,scmi-shmem"],
    &["vendor,other"],
    &["vendor,x", "arm,scmi-smc"],
    &["arm,scmi-smc", "arm,scmi-shmem"],
    &["arm,scmi"],
    &["linaro,scmi-optee"],
    &["ARM,SCMI-SMC"],
    &["Arm,Scmi-Shmem"],
];
const STATUSES: [&[u8]; 6] = [b"okay\0", b"ok\0", b"disabled\0", b"fail\0", b"", b"okay"];
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
            n = match self.byte() % 11 {
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
                9 => {
                    let ranges = self.cells(8);
                    n.cells("ranges", &ranges)
                }
                _ => n.bytes(
                    "status",
                    STATUSES[usize::from(self.byte()) % STATUSES.len()],
                ),
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
