//! The multi-agent checks: a second agent on its own channel and SMC id,
//! refused the UART until the privileged agent grants it, refused again
//! after the privileged agent resets its configuration.

use super::scmi::{send_on, Answer};
use super::{report, smc};
use scmi_el3_firmware::function_ids::SMCCC_NOT_SUPPORTED;
use scmi_el3_firmware::scmi_channels::ScmiChannel;
use scmi_server::protocol::agent_admin::{FLAG_ALLOW, FLAG_RESET_PERMISSIONS};
use scmi_server::protocol::base::{
    AGENT_ID_SELF, DISCOVER_AGENT, RESET_AGENT_CONFIGURATION, SET_DEVICE_PERMISSIONS,
};
use scmi_server::protocol::clock::CLOCK_RATE_GET;
use scmi_server::protocol::{BASE, CLOCK};
use scmi_server::{platform, Status};

/// The hypervisor client id of the privileged agent's calls (the same
/// client as the single-channel checks).
const PRIVILEGED_CLIENT: u16 = 3;
/// The client id of the second agent's calls: another domain.
const GUEST_CLIENT: u16 = 4;
/// The UART device and its clock (`platform::DEVICES`).
const UART_DEVICE: u32 = 1;
const UART_CLOCK: u32 = 1;
/// The first SiP id after the last channel's: no channel's.
const AFTER_LAST_SCMI_ID: u32 = qemu_platform::UNIMPLEMENTED_SMC_ID;

/// An agent as the smoke payload plays it: its channel, and the client id
/// the hypervisor would pass for the domain behind it.
#[derive(Clone, Copy)]
struct Agent {
    channel: ScmiChannel,
    client: u16,
}

impl Agent {
    fn send(self, protocol: u8, message: u8, params: &[u32]) -> Answer {
        let (protocol, message) = (protocol.into(), message.into());
        send_on(self.channel, protocol, message, 0x20, params, self.client)
    }

    fn id(self) -> u32 {
        self.channel.agent().id()
    }
}

/// Checks the status word of `answer`.
fn check_status(name: &str, answer: &Answer, want: Status) {
    report::check(name, answer.payload[0].into(), want.to_word().into());
}

/// Whether the 16-byte name field in `words` holds `want`, NUL padded.
fn name_is(words: &[u32], want: &str) -> bool {
    let mut name = [0u8; 16];
    for (chunk, word) in name.chunks_mut(4).zip(words) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    let (text, padding) = name.split_at(want.len().min(name.len()));
    text == want.as_bytes() && padding.iter().all(|&b| b == 0)
}

/// Runs the checks; every message but the privileged agent's goes over
/// channel 1 with SMC id 0x82000003.
pub fn run() {
    let xen = Agent {
        channel: ScmiChannel::PRIVILEGED,
        client: PRIVILEGED_CLIENT,
    };
    let Some(channel) = ScmiChannel::new(1) else {
        report::check("scmi_second_channel", 0, 1);
        return;
    };
    let guest = Agent {
        channel,
        client: GUEST_CLIENT,
    };
    let uart_rate = || guest.send(CLOCK, CLOCK_RATE_GET, &[UART_CLOCK]);

    let refused = uart_rate();
    report::check("agent2_smc_x0", refused.x0, 0);
    check_status("agent2_uart_rate_denied", &refused, Status::Denied);

    let grant = [guest.id(), UART_DEVICE, FLAG_ALLOW];
    let granted = xen.send(BASE, SET_DEVICE_PERMISSIONS, &grant);
    check_status("agent1_grants_agent2_uart", &granted, Status::Success);

    let allowed = uart_rate();
    check_status("agent2_uart_rate_granted", &allowed, Status::Success);
    let rate = u64::from(allowed.payload[1]) | (u64::from(allowed.payload[2]) << 32);
    let boot_rate = platform::CLOCKS
        .get(UART_CLOCK as usize)
        .map_or(0, |c| c.initial_rate);
    report::check("agent2_uart_rate", rate, boot_rate);

    let reset = [guest.id(), FLAG_RESET_PERMISSIONS];
    let cleared = xen.send(BASE, RESET_AGENT_CONFIGURATION, &reset);
    check_status("agent1_resets_agent2", &cleared, Status::Success);

    let refused_again = uart_rate();
    check_status(
        "agent2_uart_rate_denied_again",
        &refused_again,
        Status::Denied,
    );

    let me = guest.send(BASE, DISCOVER_AGENT, &[AGENT_ID_SELF]);
    check_status("agent2_discover_self", &me, Status::Success);
    report::check("agent2_discover_self_id", me.payload[1].into(), 2);
    let named = platform::MULTI_AGENT_NAMES
        .get(1)
        .is_some_and(|name| name_is(&me.payload[2..], name));
    report::check("agent2_discover_self_name", named.into(), 1);

    report::check(
        "unknown_smc32_after_scmi_ids",
        smc::call0(AFTER_LAST_SCMI_ID, 0, 0, 0),
        SMCCC_NOT_SUPPORTED as u64,
    );
}
