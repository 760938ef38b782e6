//! One SCMI round trip through the real channel, as an agent does it.

use super::smc;
use scmi_el3_firmware::contract::{SCMI_SHMEM_BASE, SCMI_SMC_ID};
use scmi_server::shmem::{HEADER, LENGTH, PAYLOAD, STATUS};

fn write(offset: usize, value: u32) {
    // SAFETY: the channel is the 4 KiB at SCMI_SHMEM_BASE that the
    // platform reserves for SCMI; offsets are small aligned constants.
    unsafe { ((SCMI_SHMEM_BASE + offset) as *mut u32).write_volatile(value) }
}

fn read(offset: usize) -> u32 {
    // SAFETY: as for `write`.
    unsafe { ((SCMI_SHMEM_BASE + offset) as *const u32).read_volatile() }
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

/// Sends a parameterless command of `protocol`/`message` as hypervisor
/// client `client` and reads the reply.
pub fn send(protocol: u32, message: u32, token: u32, client: u16) -> Answer {
    let header = message | (protocol << 10) | (token << 18);
    write(STATUS, 0);
    write(LENGTH, 4);
    write(HEADER, header);
    let x0 = smc::call(SCMI_SMC_ID, [0, 0, 0, 0, 0, 0, u64::from(client)])[0];
    let mut payload = [0u32; 6];
    for (i, word) in payload.iter_mut().enumerate() {
        *word = read(PAYLOAD + 4 * i);
    }
    Answer {
        x0,
        channel_status: read(STATUS),
        length: read(LENGTH),
        header: read(HEADER),
        payload,
    }
}
