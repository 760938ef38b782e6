//! One SCMI round trip through a real channel, as an agent does it.

use super::smc;
use scmi_el3_firmware::scmi_channels::ScmiChannel;
use scmi_server::shmem::{HEADER, LENGTH, PAYLOAD, STATUS};

fn write(channel: ScmiChannel, offset: usize, value: u32) {
    // SAFETY: the channel is one of the 4 KiB pages from SCMI_SHMEM_BASE
    // on that the platform reserves for SCMI; offsets are aligned and
    // well inside a page (the checks send a few parameter words).
    unsafe { ((channel.base() + offset) as *mut u32).write_volatile(value) }
}

fn read(channel: ScmiChannel, offset: usize) -> u32 {
    // SAFETY: as for `write`.
    unsafe { ((channel.base() + offset) as *const u32).read_volatile() }
}

/// What came back from one message.
pub struct Answer {
    /// x0 after the SMC (0 expected).
    pub x0: u64,
    /// Channel status word.
    pub channel_status: u32,
    /// Length word.
    pub length: u32,
    /// The header word as left in the channel.
    pub header: u32,
    /// The first payload words (status first).
    pub payload: [u32; 6],
}

/// Sends a parameterless command of `protocol`/`message` on the
/// privileged agent's channel as hypervisor client `client` and reads the
/// reply.
pub fn send(protocol: u32, message: u32, token: u32, client: u16) -> Answer {
    send_on(
        ScmiChannel::PRIVILEGED,
        protocol,
        message,
        token,
        &[],
        client,
    )
}

/// Sends `protocol`/`message` with the parameter words `params` on
/// `channel`, ringing its own SMC id, as hypervisor client `client`,
/// and reads the reply.
pub fn send_on(
    channel: ScmiChannel,
    protocol: u32,
    message: u32,
    token: u32,
    params: &[u32],
    client: u16,
) -> Answer {
    let header = message | (protocol << 10) | (token << 18);
    write(channel, STATUS, 0);
    write(channel, LENGTH, 4 + 4 * params.len() as u32);
    write(channel, HEADER, header);
    for (i, word) in params.iter().enumerate() {
        write(channel, PAYLOAD + 4 * i, *word);
    }
    let args = [0, 0, 0, 0, 0, 0, u64::from(client)];
    let x0 = smc::call(channel.smc_id(), args)[0];
    let mut payload = [0u32; 6];
    for (i, word) in payload.iter_mut().enumerate() {
        *word = read(channel, PAYLOAD + 4 * i);
    }
    Answer {
        x0,
        channel_status: read(channel, STATUS),
        length: read(channel, LENGTH),
        header: read(channel, HEADER),
        payload,
    }
}
