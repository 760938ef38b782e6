//! Per-scenario misbehaviour: the fault rules of the SCMI server (see
//! `scmi_server::faults`), read at boot from the device tree the harness
//! loads for the normal world, where a scenario adds them beside the rest
//! of its tree:
//!
//! ```dts
//! / {
//!     el3-test-firmware {
//!         scmi-faults = "discover-agent 5 denied", "reset-agent 2 no-answer";
//!     };
//! };
//! ```
//!
//! Only that node, a child of the root, is read; without it the firmware
//! behaves. The node means nothing to Xen or Linux.
//!
//! At power-off, one line per rule says how many messages it struck:
//!
//! ```text
//! EL3: scmi-fault hits=<dec> message=<hex> agent=<dec>
//! ```

use crate::console::Sink;
use scmi_server::Faults;

/// The node a scenario puts its rules in.
pub const NODE: &str = "el3-test-firmware";
/// Its property: a list of strings, one rule each.
pub const PROPERTY: &str = "scmi-faults";

const FDT_MAGIC: u32 = 0xd00d_feed;
const FDT_BEGIN_NODE: u32 = 1;
const FDT_END_NODE: u32 = 2;
const FDT_PROP: u32 = 3;
const FDT_NOP: u32 = 4;
const FDT_END: u32 = 9;

fn be32(blob: &[u8], at: usize) -> Option<u32> {
    let bytes = blob.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes(bytes.try_into().ok()?))
}

/// The NUL-terminated string at `at`, if it ends inside `blob`.
fn cstr(blob: &[u8], at: usize) -> Option<&[u8]> {
    let rest = blob.get(at..)?;
    rest.get(..rest.iter().position(|b| *b == 0)?)
}

fn align4(n: usize) -> Option<usize> {
    Some(n.checked_add(3)? & !3)
}

/// The size the blob's header claims, if `header` starts a device tree.
pub fn total_size(header: &[u8]) -> Option<usize> {
    (be32(header, 0)? == FDT_MAGIC).then_some(())?;
    usize::try_from(be32(header, 4)?).ok()
}

/// The blob is not a well-formed device tree, as far as it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed;

/// The value of property `property` of [`NODE`], if the node has it.
pub fn node_property<'a>(blob: &'a [u8], property: &str) -> Result<Option<&'a [u8]>, Malformed> {
    let structs = be32(blob, 8).ok_or(Malformed)? as usize;
    let strings = be32(blob, 12).ok_or(Malformed)? as usize;
    total_size(blob).ok_or(Malformed)?;
    let mut at = structs;
    let mut depth = 0usize;
    let mut in_node = false;
    loop {
        let token = be32(blob, at).ok_or(Malformed)?;
        at += 4;
        match token {
            FDT_BEGIN_NODE => {
                let name = cstr(blob, at).ok_or(Malformed)?;
                at = align4(at + name.len() + 1).ok_or(Malformed)?;
                depth += 1;
                // The root is depth 1, its children 2.
                if depth == 2 {
                    in_node = name == NODE.as_bytes();
                }
            }
            FDT_END_NODE => depth = depth.checked_sub(1).ok_or(Malformed)?,
            FDT_PROP => {
                let len = be32(blob, at).ok_or(Malformed)? as usize;
                let name_at = strings + be32(blob, at + 4).ok_or(Malformed)? as usize;
                let value = blob.get(at + 8..at + 8 + len).ok_or(Malformed)?;
                at = align4(at + 8 + len).ok_or(Malformed)?;
                if in_node && depth == 2 && cstr(blob, name_at) == Some(property.as_bytes()) {
                    return Ok(Some(value));
                }
            }
            FDT_NOP => {}
            FDT_END => return Ok(None),
            _ => return Err(Malformed),
        }
    }
}

/// Calls `each` with every string of [`PROPERTY`] in [`NODE`].
pub fn for_each_rule(blob: &[u8], each: impl FnMut(&[u8])) -> Result<(), Malformed> {
    if let Some(value) = node_property(blob, PROPERTY)? {
        value
            .split(|b| *b == 0)
            .filter(|s| !s.is_empty())
            .for_each(each);
    }
    Ok(())
}

/// Reads the rules of `blob` into `faults`; `Err` with the position (from
/// 0) of the first rule that is not one, or does not fit, and
/// `Err(usize::MAX)` for a blob that is not a device tree.
pub fn load(blob: &[u8], faults: &mut Faults) -> Result<(), usize> {
    let mut bad = None;
    let mut index = 0;
    for_each_rule(blob, |text| {
        let rule = core::str::from_utf8(text)
            .ok()
            .and_then(scmi_server::FaultRule::parse);
        if bad.is_none() && !rule.is_some_and(|rule| faults.add(rule)) {
            bad = Some(index);
        }
        index += 1;
    })
    .map_err(|Malformed| usize::MAX)?;
    bad.map_or(Ok(()), Err)
}

/// Writes one line per rule with its hits.
pub fn print(faults: &Faults, out: &mut impl Sink) {
    for (rule, hits) in faults.hits() {
        out.str("EL3: scmi-fault hits=");
        out.dec(hits);
        out.str(" message=");
        out.hex(u64::from(rule.message));
        out.str(" agent=");
        out.dec(u64::from(rule.agent));
        out.str("\n");
    }
}

#[cfg(test)]
pub(crate) mod tests {
    extern crate std;
    use super::*;
    use crate::console::tests::render;
    use std::vec::Vec;

    /// A node's properties: (name, value).
    pub(crate) type Props<'a> = &'a [(&'a str, &'a [u8])];

    /// A device tree: the root with children `(name, properties)`.
    pub(crate) fn fdt(children: &[(&str, Props)]) -> Vec<u8> {
        let mut structs = Vec::new();
        let mut strings = Vec::new();
        let word = |v: &mut Vec<u8>, w: u32| v.extend_from_slice(&w.to_be_bytes());
        let pad = |v: &mut Vec<u8>| v.resize(v.len().div_ceil(4) * 4, 0);
        let begin = |v: &mut Vec<u8>, name: &str| {
            word(v, FDT_BEGIN_NODE);
            v.extend_from_slice(name.as_bytes());
            v.push(0);
            pad(v);
        };
        begin(&mut structs, "");
        for (name, props) in children {
            begin(&mut structs, name);
            for (prop, value) in *props {
                word(&mut structs, FDT_PROP);
                word(&mut structs, value.len() as u32);
                word(&mut structs, strings.len() as u32);
                strings.extend_from_slice(prop.as_bytes());
                strings.push(0);
                structs.extend_from_slice(value);
                pad(&mut structs);
            }
            word(&mut structs, FDT_END_NODE);
        }
        word(&mut structs, FDT_END_NODE);
        word(&mut structs, FDT_END);
        let off_struct = 40u32;
        let off_strings = off_struct + structs.len() as u32;
        let total = off_strings + strings.len() as u32;
        let mut blob = Vec::new();
        for w in [
            FDT_MAGIC,
            total,
            off_struct,
            off_strings,
            0,
            17,
            16,
            0,
            strings.len() as u32,
        ] {
            word(&mut blob, w);
        }
        word(&mut blob, structs.len() as u32);
        blob.extend(structs);
        blob.extend(strings);
        blob
    }

    const RULES: &[u8] = b"discover-agent 5 denied\0reset-agent 2 no-answer\0";

    #[test]
    fn the_rules_of_the_node_are_loaded() {
        let blob = fdt(&[
            (
                "memory@40000000",
                &[("scmi-faults", b"discover-agent 9 busy\0")],
            ),
            (NODE, &[("compatible", b"x\0"), (PROPERTY, RULES)]),
        ]);
        assert_eq!(total_size(&blob), Some(blob.len()));
        let mut faults = Faults::new();
        assert_eq!(load(&blob, &mut faults), Ok(()));
        let loaded: Vec<_> = faults.hits().map(|(r, _)| (r.message, r.agent)).collect();
        assert_eq!(loaded, [(0x7, 5), (0xb, 2)], "only the node's rules");
        let printed = render(|out| print(&faults, out)).replace('\r', "");
        assert_eq!(
            printed,
            "EL3: scmi-fault hits=0 message=0x7 agent=5\n\
             EL3: scmi-fault hits=0 message=0xb agent=2\n"
        );
    }

    #[test]
    fn without_the_node_the_firmware_behaves() {
        let blob = fdt(&[("chosen", &[("bootargs", b"x\0")])]);
        let mut faults = Faults::new();
        assert_eq!(load(&blob, &mut faults), Ok(()));
        assert_eq!(faults.hits().count(), 0);
    }

    #[test]
    fn a_bad_rule_or_blob_is_reported() {
        let blob = fdt(&[(NODE, &[(PROPERTY, b"discover-agent 5 denied\0sulk\0")])]);
        assert_eq!(load(&blob, &mut Faults::new()), Err(1));
        // Cut before the closing tokens: the walk runs off the end.
        let mut blob = fdt(&[(NODE, &[(PROPERTY, RULES)])]);
        let end_of_structs = be32(&blob, 12).unwrap() as usize;
        blob.truncate(end_of_structs - 8);
        assert_eq!(load(&blob, &mut Faults::new()), Err(usize::MAX));
        assert_eq!(total_size(&[0u8; 8]), None);
    }
}
