//! Every message of the Reset domain protocol.

mod common;

use common::{fails, name, ok};
use scmi_server::protocol::reset::*;
use scmi_server::protocol::RESET as PROTO;
use scmi_server::{Server, Status};

#[test]
fn version_and_attributes() {
    let mut s = Server::new();
    assert_eq!(ok(&mut s, PROTO, 0, &[]), [0x0001_0000]);
    assert_eq!(ok(&mut s, PROTO, 1, &[]), [2]);
}

#[test]
fn message_attributes() {
    let mut s = Server::new();
    for id in 0..=4 {
        assert_eq!(ok(&mut s, PROTO, 2, &[id]), [0]);
    }
    // RESET_NOTIFY and RESET_DOMAIN_NAME_GET are not offered.
    for id in [5, 6, 7, 0xff] {
        fails(&mut s, PROTO, 2, &[id], Status::NotFound);
    }
}

#[test]
fn domain_attributes() {
    let mut s = Server::new();
    let gpu = ok(&mut s, PROTO, RESET_DOMAIN_ATTRIBUTES, &[0]);
    assert_eq!(
        (gpu[0], gpu[1], name(&gpu[2..6])),
        (0, 20, "scmi_rst_gpu".into())
    );
    let uart = ok(&mut s, PROTO, RESET_DOMAIN_ATTRIBUTES, &[1]);
    assert_eq!(name(&uart[2..6]), "scmi_rst_uart");
    fails(
        &mut s,
        PROTO,
        RESET_DOMAIN_ATTRIBUTES,
        &[2],
        Status::NotFound,
    );
    fails(
        &mut s,
        PROTO,
        RESET_DOMAIN_ATTRIBUTES,
        &[u32::MAX],
        Status::NotFound,
    );
    fails(
        &mut s,
        PROTO,
        RESET_DOMAIN_ATTRIBUTES,
        &[],
        Status::ProtocolError,
    );
}

#[test]
fn explicit_assert_and_deassert() {
    let mut s = Server::new();
    assert!(ok(&mut s, PROTO, RESET, &[1, FLAG_EXPLICIT_ASSERT, 0]).is_empty());
    assert!(s.reset_domain(1).unwrap().asserted);
    assert!(!s.reset_domain(0).unwrap().asserted);
    ok(&mut s, PROTO, RESET, &[1, 0, 0]);
    assert!(!s.reset_domain(1).unwrap().asserted);
}

#[test]
fn autonomous_reset_cycles() {
    let mut s = Server::new();
    ok(&mut s, PROTO, RESET, &[0, FLAG_EXPLICIT_ASSERT, 0]);
    ok(&mut s, PROTO, RESET, &[0, FLAG_AUTONOMOUS, 0]);
    ok(&mut s, PROTO, RESET, &[0, FLAG_AUTONOMOUS, 0]);
    let state = s.reset_domain(0).unwrap();
    assert_eq!((state.asserted, state.cycles), (false, 2));
}

#[test]
fn reset_errors() {
    let mut s = Server::new();
    fails(
        &mut s,
        PROTO,
        RESET,
        &[2, FLAG_AUTONOMOUS, 0],
        Status::NotFound,
    );
    fails(
        &mut s,
        PROTO,
        RESET,
        &[0, FLAG_ASYNC | FLAG_AUTONOMOUS, 0],
        Status::NotSupported,
    );
    fails(
        &mut s,
        PROTO,
        RESET,
        &[0, FLAG_AUTONOMOUS | FLAG_EXPLICIT_ASSERT, 0],
        Status::InvalidParameters,
    );
    fails(
        &mut s,
        PROTO,
        RESET,
        &[0, 1 << 3, 0],
        Status::InvalidParameters,
    );
    fails(
        &mut s,
        PROTO,
        RESET,
        &[0, FLAG_AUTONOMOUS, 1],
        Status::InvalidParameters,
    );
    fails(
        &mut s,
        PROTO,
        RESET,
        &[0, FLAG_AUTONOMOUS, 1 << 31],
        Status::InvalidParameters,
    );
    fails(
        &mut s,
        PROTO,
        RESET,
        &[0, FLAG_AUTONOMOUS],
        Status::ProtocolError,
    );
    assert_eq!(
        s.reset_domain(0).unwrap().cycles,
        0,
        "failed resets change nothing"
    );
}

#[test]
fn unimplemented_reset_messages() {
    let mut s = Server::new();
    for id in [5u8, 6, 7, 0x80, 0xff] {
        fails(&mut s, PROTO, id, &[0, 0], Status::NotSupported);
    }
}
