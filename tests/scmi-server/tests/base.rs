//! Every message of the Base protocol.

mod common;

use common::{call, fails, name, ok};
use scmi_server::protocol::{base, BASE, CLOCK, RESET};
use scmi_server::{Server, Status};

#[test]
fn protocol_version_is_2_0() {
    assert_eq!(ok(&mut Server::new(), BASE, 0, &[]), [0x0002_0000]);
}

#[test]
fn protocol_attributes_count_agents_and_protocols() {
    // One agent in bits [15:8], two protocols besides Base in [7:0].
    assert_eq!(ok(&mut Server::new(), BASE, 1, &[]), [0x0102]);
}

#[test]
fn message_attributes_known_and_unknown() {
    let mut s = Server::new();
    // Discovery, then the three permission messages.
    for id in (0..=7).chain(9..=0xb) {
        assert_eq!(ok(&mut s, BASE, 2, &[id]), [0], "message {id}");
    }
    // BASE_NOTIFY_ERRORS and anything beyond 0xb.
    for id in [8, 0xc, 0xff, 0x100, u32::MAX] {
        fails(&mut s, BASE, 2, &[id], Status::NotFound);
    }
}

#[test]
fn vendor_and_sub_vendor() {
    let mut s = Server::new();
    assert_eq!(
        name(&ok(&mut s, BASE, base::DISCOVER_VENDOR, &[])),
        "XenRustEL3"
    );
    assert_eq!(
        name(&ok(&mut s, BASE, base::DISCOVER_SUB_VENDOR, &[])),
        "qemu-virt"
    );
}

#[test]
fn implementation_version() {
    let v = ok(
        &mut Server::new(),
        BASE,
        base::DISCOVER_IMPLEMENTATION_VERSION,
        &[],
    );
    assert_eq!(v, [0x0001_0000]);
}

#[test]
fn list_protocols_with_skip() {
    let mut s = Server::new();
    let packed = u32::from(CLOCK) | (u32::from(RESET) << 8);
    assert_eq!(
        ok(&mut s, BASE, base::DISCOVER_LIST_PROTOCOLS, &[0]),
        [2, packed]
    );
    assert_eq!(
        ok(&mut s, BASE, base::DISCOVER_LIST_PROTOCOLS, &[1]),
        [1, u32::from(RESET)]
    );
    assert_eq!(ok(&mut s, BASE, base::DISCOVER_LIST_PROTOCOLS, &[2]), [0]);
    for skip in [3, 0x100, u32::MAX] {
        fails(
            &mut s,
            BASE,
            base::DISCOVER_LIST_PROTOCOLS,
            &[skip],
            Status::InvalidParameters,
        );
    }
}

#[test]
fn discover_agent() {
    let mut s = Server::new();
    let platform = ok(&mut s, BASE, base::DISCOVER_AGENT, &[0]);
    assert_eq!((platform[0], name(&platform[1..])), (0, "platform".into()));
    let agent = ok(&mut s, BASE, base::DISCOVER_AGENT, &[1]);
    assert_eq!((agent[0], name(&agent[1..])), (1, "ospm".into()));
    let me = ok(&mut s, BASE, base::DISCOVER_AGENT, &[u32::MAX]);
    assert_eq!((me[0], name(&me[1..])), (1, "ospm".into()));
    for id in [2, 3, 0x7fff_ffff, 0xffff_fffe] {
        fails(&mut s, BASE, base::DISCOVER_AGENT, &[id], Status::NotFound);
    }
}

#[test]
fn unimplemented_base_messages() {
    let mut s = Server::new();
    // NOTIFY_ERRORS, and anything beyond RESET_AGENT_CONFIGURATION.
    for id in [8u8, 0xc, 0x80, 0xff] {
        fails(&mut s, BASE, id, &[0, 0, 0], Status::NotSupported);
    }
}

#[test]
fn missing_parameters_are_protocol_errors() {
    let mut s = Server::new();
    for id in [2u8, base::DISCOVER_LIST_PROTOCOLS, base::DISCOVER_AGENT] {
        fails(&mut s, BASE, id, &[], Status::ProtocolError);
    }
}

#[test]
fn extra_parameters_are_ignored() {
    let answer = call(&mut Server::new(), BASE, 0, &[1, 2, 3, 4, 5, 6]);
    assert_eq!((answer.status, answer.values), (0, vec![0x0002_0000]));
}
