//! Builds flattened device tree blobs from a dts-like description, so tests
//! (and the fuzz target, which includes this file by path) can state trees
//! the way a DTS would and feed the crate's FDT reader real blobs.
//!
//! ```ignore
//! let blob = node("").cells("#address-cells", &[2]).child(
//!     node("shm@1000").str("compatible", "arm,scmi-shmem").cells("reg", &[0, 0x1000, 0, 0x1000]),
//! ).build();
//! ```

#![allow(dead_code)]

/// One node: a name, its properties in order, its children in order.
#[derive(Debug, Clone, Default)]
pub struct Node {
    pub name: String,
    pub props: Vec<(String, Vec<u8>)>,
    pub children: Vec<Node>,
}

/// A node called `name` (use "" for the root).
pub fn node(name: &str) -> Node {
    Node {
        name: name.to_owned(),
        ..Node::default()
    }
}

impl Node {
    /// A property with raw bytes.
    pub fn bytes(mut self, name: &str, value: &[u8]) -> Self {
        self.props.push((name.to_owned(), value.to_vec()));
        self
    }

    /// A string property (NUL-terminated as in a DTB).
    pub fn str(self, name: &str, value: &str) -> Self {
        self.strs(name, &[value])
    }

    /// A string-list property.
    pub fn strs(self, name: &str, values: &[&str]) -> Self {
        let mut bytes = Vec::new();
        for value in values {
            bytes.extend_from_slice(value.as_bytes());
            bytes.push(0);
        }
        self.bytes(name, &bytes)
    }

    /// A property of big-endian 32-bit cells.
    pub fn cells(self, name: &str, cells: &[u32]) -> Self {
        let bytes: Vec<u8> = cells.iter().flat_map(|cell| cell.to_be_bytes()).collect();
        self.bytes(name, &bytes)
    }

    /// A property without a value.
    pub fn empty(self, name: &str) -> Self {
        self.bytes(name, &[])
    }

    /// Shorthand for `phandle = <value>`.
    pub fn phandle(self, value: u32) -> Self {
        self.cells("phandle", &[value])
    }

    /// Appends a child node.
    pub fn child(mut self, child: Node) -> Self {
        self.children.push(child);
        self
    }

    /// The blob, with this node as the root.
    pub fn build(&self) -> Vec<u8> {
        let mut writer = Writer::default();
        writer.node(self);
        writer.word(FDT_END);
        writer.finish()
    }
}

const FDT_BEGIN_NODE: u32 = 1;
const FDT_END_NODE: u32 = 2;
const FDT_PROP: u32 = 3;
const FDT_END: u32 = 9;
const HEADER_LEN: usize = 40;
const RSVMAP_LEN: usize = 16;

#[derive(Default)]
struct Writer {
    structure: Vec<u8>,
    strings: Vec<u8>,
}

impl Writer {
    fn word(&mut self, value: u32) {
        self.structure.extend_from_slice(&value.to_be_bytes());
    }

    fn pad(&mut self) {
        while self.structure.len() & 3 != 0 {
            self.structure.push(0);
        }
    }

    /// Offset of `name` in the strings block, adding it the first time.
    fn string(&mut self, name: &str) -> u32 {
        let mut offset = 0;
        for entry in self.strings.split(|byte| *byte == 0) {
            if entry == name.as_bytes() && offset < self.strings.len() {
                return offset as u32;
            }
            offset += entry.len() + 1;
        }
        let offset = self.strings.len();
        self.strings.extend_from_slice(name.as_bytes());
        self.strings.push(0);
        offset as u32
    }

    fn node(&mut self, node: &Node) {
        self.word(FDT_BEGIN_NODE);
        self.structure.extend_from_slice(node.name.as_bytes());
        self.structure.push(0);
        self.pad();
        for (name, value) in &node.props {
            let name_offset = self.string(name);
            self.word(FDT_PROP);
            self.word(value.len() as u32);
            self.word(name_offset);
            self.structure.extend_from_slice(value);
            self.pad();
        }
        for child in &node.children {
            self.node(child);
        }
        self.word(FDT_END_NODE);
    }

    fn finish(self) -> Vec<u8> {
        let off_struct = HEADER_LEN + RSVMAP_LEN;
        let off_strings = off_struct + self.structure.len();
        let total = off_strings + self.strings.len();
        let header = [
            0xd00d_feed,
            total as u32,
            off_struct as u32,
            off_strings as u32,
            HEADER_LEN as u32,
            17,
            16,
            0,
            self.strings.len() as u32,
            self.structure.len() as u32,
        ];
        let mut blob: Vec<u8> = header
            .iter()
            .flat_map(|word| u32::to_be_bytes(*word))
            .collect();
        blob.extend_from_slice(&[0; RSVMAP_LEN]);
        blob.extend_from_slice(&self.structure);
        blob.extend_from_slice(&self.strings);
        blob
    }
}
