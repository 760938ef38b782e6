//! Every message of the Clock protocol.

mod common;

use common::{fails, name, ok};
use scmi_server::protocol::clock::*;
use scmi_server::protocol::CLOCK;
use scmi_server::{Server, Status};

const CPU: u32 = 0;
const UART: u32 = 1;
const GPU: u32 = 2;

fn rates(values: &[u32]) -> Vec<u64> {
    values
        .chunks(2)
        .map(|w| u64::from(w[0]) | (u64::from(w[1]) << 32))
        .collect()
}

fn rate(s: &mut Server, id: u32) -> u64 {
    rates(&ok(s, CLOCK, CLOCK_RATE_GET, &[id]))[0]
}

fn set_rate(s: &mut Server, flags: u32, id: u32, hz: u64) -> Vec<u32> {
    ok(
        s,
        CLOCK,
        CLOCK_RATE_SET,
        &[flags, id, hz as u32, (hz >> 32) as u32],
    )
}

#[test]
fn version_and_attributes() {
    let mut s = Server::new();
    assert_eq!(ok(&mut s, CLOCK, 0, &[]), [0x0002_0000]);
    // Three clocks, no asynchronous requests.
    assert_eq!(ok(&mut s, CLOCK, 1, &[]), [3]);
}

#[test]
fn message_attributes() {
    let mut s = Server::new();
    for id in 0..=7 {
        assert_eq!(ok(&mut s, CLOCK, 2, &[id]), [0]);
    }
    // CLOCK_NAME_GET and the notifications are not offered.
    for id in [8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xff] {
        fails(&mut s, CLOCK, 2, &[id], Status::NotFound);
    }
}

#[test]
fn clock_attributes() {
    let mut s = Server::new();
    let cpu = ok(&mut s, CLOCK, CLOCK_ATTRIBUTES, &[CPU]);
    assert_eq!(
        (cpu[0], name(&cpu[1..5]), cpu[5]),
        (1, "scmi_cpu".into(), 50)
    );
    let uart = ok(&mut s, CLOCK, CLOCK_ATTRIBUTES, &[UART]);
    assert_eq!(name(&uart[1..5]), "scmi_uart");
    let gpu = ok(&mut s, CLOCK, CLOCK_ATTRIBUTES, &[GPU]);
    assert_eq!((gpu[0], name(&gpu[1..5])), (0, "scmi_gpu".into()));
    for id in [3, 100, u32::MAX] {
        fails(&mut s, CLOCK, CLOCK_ATTRIBUTES, &[id], Status::NotFound);
    }
}

#[test]
fn describe_discrete_rates_in_pages() {
    let mut s = Server::new();
    let first = ok(&mut s, CLOCK, CLOCK_DESCRIBE_RATES, &[CPU, 0]);
    // 8 returned, 2 remaining, discrete format.
    assert_eq!(first[0], (2 << 16) | 8);
    let head = rates(&first[1..]);
    assert_eq!(head.len(), 8);
    assert_eq!(head[0], 200_000_000);
    let second = ok(&mut s, CLOCK, CLOCK_DESCRIBE_RATES, &[CPU, 8]);
    assert_eq!(second[0], 2);
    assert_eq!(rates(&second[1..]), [1_800_000_000, 2_000_000_000]);
    // A rate_index into the middle, the last one, and one past the end.
    let tail = ok(&mut s, CLOCK, CLOCK_DESCRIBE_RATES, &[CPU, 9]);
    assert_eq!((tail[0], rates(&tail[1..])), (1, vec![2_000_000_000]));
    assert_eq!(ok(&mut s, CLOCK, CLOCK_DESCRIBE_RATES, &[CPU, 10]), [0]);
    fails(
        &mut s,
        CLOCK,
        CLOCK_DESCRIBE_RATES,
        &[CPU, 11],
        Status::InvalidParameters,
    );
    fails(
        &mut s,
        CLOCK,
        CLOCK_DESCRIBE_RATES,
        &[CPU, u32::MAX],
        Status::InvalidParameters,
    );

    let uart = ok(&mut s, CLOCK, CLOCK_DESCRIBE_RATES, &[UART, 0]);
    assert_eq!(uart[0], 3);
    assert_eq!(rates(&uart[1..]), [1_843_200, 24_000_000, 48_000_000]);
}

#[test]
fn describe_range_rates() {
    let mut s = Server::new();
    for index in [0, 5] {
        let gpu = ok(&mut s, CLOCK, CLOCK_DESCRIBE_RATES, &[GPU, index]);
        assert_eq!(gpu[0], RATES_ARE_RANGE | 3);
        assert_eq!(rates(&gpu[1..]), [100_000_000, 800_000_000, 25_000_000]);
    }
    fails(
        &mut s,
        CLOCK,
        CLOCK_DESCRIBE_RATES,
        &[3, 0],
        Status::NotFound,
    );
    fails(
        &mut s,
        CLOCK,
        CLOCK_DESCRIBE_RATES,
        &[GPU],
        Status::ProtocolError,
    );
}

#[test]
fn rate_get_reports_initial_rates() {
    let mut s = Server::new();
    assert_eq!(rate(&mut s, CPU), 1_000_000_000);
    assert_eq!(rate(&mut s, UART), 24_000_000);
    assert_eq!(rate(&mut s, GPU), 400_000_000);
    fails(&mut s, CLOCK, CLOCK_RATE_GET, &[3], Status::NotFound);
    fails(&mut s, CLOCK, CLOCK_RATE_GET, &[], Status::ProtocolError);
}

#[test]
fn rate_set_discrete_rounds() {
    let mut s = Server::new();
    assert!(set_rate(&mut s, 0, CPU, 1_600_000_000).is_empty());
    assert_eq!(rate(&mut s, CPU), 1_600_000_000);
    set_rate(&mut s, 0, CPU, 1_350_000_000);
    assert_eq!(rate(&mut s, CPU), 1_200_000_000, "rounds down by default");
    set_rate(&mut s, RATE_SET_ROUND_UP, CPU, 1_250_000_000);
    assert_eq!(rate(&mut s, CPU), 1_400_000_000);
    set_rate(&mut s, RATE_SET_ROUND_AUTO, CPU, 1_650_000_000);
    assert_eq!(rate(&mut s, CPU), 1_600_000_000);
    set_rate(&mut s, RATE_SET_ROUND_AUTO, CPU, 1_700_000_000);
    assert_eq!(rate(&mut s, CPU), 1_600_000_000, "ties go down");
    set_rate(&mut s, RATE_SET_ROUND_AUTO, CPU, 1_700_000_001);
    assert_eq!(rate(&mut s, CPU), 1_800_000_000);
    set_rate(&mut s, RATE_SET_IGNORE_DELAYED, UART, 48_000_000);
    assert_eq!(rate(&mut s, UART), 48_000_000);
}

#[test]
fn rate_set_range_rounds_to_step() {
    let mut s = Server::new();
    set_rate(&mut s, 0, GPU, 337_000_000);
    assert_eq!(rate(&mut s, GPU), 325_000_000);
    set_rate(&mut s, RATE_SET_ROUND_UP, GPU, 337_000_000);
    assert_eq!(rate(&mut s, GPU), 350_000_000);
    set_rate(&mut s, RATE_SET_ROUND_UP, GPU, 800_000_000);
    assert_eq!(rate(&mut s, GPU), 800_000_000);
    set_rate(&mut s, 0, GPU, 100_000_000);
    assert_eq!(rate(&mut s, GPU), 100_000_000);
}

#[test]
fn rate_set_errors() {
    let mut s = Server::new();
    let set = |flags: u32, id: u32, hz: u64| [flags, id, hz as u32, (hz >> 32) as u32];
    fails(
        &mut s,
        CLOCK,
        CLOCK_RATE_SET,
        &set(0, CPU, 100),
        Status::OutOfRange,
    );
    fails(
        &mut s,
        CLOCK,
        CLOCK_RATE_SET,
        &set(0, CPU, 3_000_000_000),
        Status::OutOfRange,
    );
    fails(
        &mut s,
        CLOCK,
        CLOCK_RATE_SET,
        &set(0, GPU, 99_999_999),
        Status::OutOfRange,
    );
    fails(
        &mut s,
        CLOCK,
        CLOCK_RATE_SET,
        &set(0, GPU, 1 << 40),
        Status::OutOfRange,
    );
    fails(
        &mut s,
        CLOCK,
        CLOCK_RATE_SET,
        &set(0, 3, 24_000_000),
        Status::NotFound,
    );
    fails(
        &mut s,
        CLOCK,
        CLOCK_RATE_SET,
        &set(RATE_SET_ASYNC, UART, 24_000_000),
        Status::NotSupported,
    );
    fails(
        &mut s,
        CLOCK,
        CLOCK_RATE_SET,
        &set(1 << 4, UART, 24_000_000),
        Status::InvalidParameters,
    );
    fails(
        &mut s,
        CLOCK,
        CLOCK_RATE_SET,
        &[0, UART, 24_000_000],
        Status::ProtocolError,
    );
    assert_eq!(
        rate(&mut s, CPU),
        1_000_000_000,
        "failed sets change nothing"
    );
    assert_eq!(rate(&mut s, GPU), 400_000_000);
}

#[test]
fn config_set_enables_and_disables() {
    let mut s = Server::new();
    assert!(ok(&mut s, CLOCK, CLOCK_CONFIG_SET, &[GPU, CONFIG_ENABLE]).is_empty());
    assert_eq!(ok(&mut s, CLOCK, CLOCK_ATTRIBUTES, &[GPU])[0], 1);
    assert!(s.clock(GPU as usize).unwrap().enabled);
    ok(&mut s, CLOCK, CLOCK_CONFIG_SET, &[GPU, 0]);
    assert_eq!(ok(&mut s, CLOCK, CLOCK_ATTRIBUTES, &[GPU])[0], 0);
    fails(
        &mut s,
        CLOCK,
        CLOCK_CONFIG_SET,
        &[GPU, 2],
        Status::InvalidParameters,
    );
    fails(&mut s, CLOCK, CLOCK_CONFIG_SET, &[3, 1], Status::NotFound);
    fails(
        &mut s,
        CLOCK,
        CLOCK_CONFIG_SET,
        &[GPU],
        Status::ProtocolError,
    );
}

#[test]
fn unimplemented_clock_messages() {
    let mut s = Server::new();
    for id in [8u8, 9, 0xa, 0xb, 0xc, 0xd, 0xe, 0xff] {
        fails(&mut s, CLOCK, id, &[0, 0], Status::NotSupported);
    }
}
