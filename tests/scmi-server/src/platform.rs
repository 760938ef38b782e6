//! What this test platform offers: identity strings, the clocks and the
//! reset domains. Everything a test or a device tree needs to agree with
//! lives here, in one place.

/// Vendor string returned by BASE_DISCOVER_VENDOR.
pub const VENDOR: &str = "XenRustEL3";
/// Sub-vendor string returned by BASE_DISCOVER_SUB_VENDOR.
pub const SUB_VENDOR: &str = "qemu-virt";
/// Returned by BASE_DISCOVER_IMPLEMENTATION_VERSION.
pub const IMPLEMENTATION_VERSION: u32 = 0x0001_0000;
/// Name of agent 0, which SCMI reserves for the platform itself.
pub const PLATFORM_AGENT_NAME: &str = "platform";
/// Name of the one agent (id 1) of a single-agent server
/// ([`crate::Server::new`]).
pub const AGENT_NAME: &str = "ospm";
/// The agents of a multi-agent server ([`crate::Server::multi_agent`]),
/// agent 1 first: Xen's privileged agent, then one per domain that Xen
/// hands an SCMI channel to. Each name carries its agent id, so a log line
/// from either side can be matched.
pub const MULTI_AGENT_NAMES: [&str; 4] = ["xen", "guest-2", "guest-3", "guest-4"];

/// How a clock's rates are described.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rates {
    /// A list of rates in Hz, ascending.
    Discrete(&'static [u64]),
    /// Every rate from `min` to `max` in steps of `step`, in Hz.
    Range {
        /// Lowest rate.
        min: u64,
        /// Highest rate.
        max: u64,
        /// Distance between neighbouring rates (non-zero).
        step: u64,
    },
}

/// One clock of the platform.
#[derive(Clone, Copy, Debug)]
pub struct ClockDesc {
    /// Short name (at most 15 bytes of ASCII).
    pub name: &'static str,
    /// Rates the clock can run at.
    pub rates: Rates,
    /// Rate at reset, in Hz; one of `rates`.
    pub initial_rate: u64,
    /// Whether the clock runs at reset.
    pub initially_enabled: bool,
    /// Worst-case enable latency in microseconds (CLOCK_ATTRIBUTES).
    pub enable_latency_us: u32,
}

/// One reset domain of the platform.
#[derive(Clone, Copy, Debug)]
pub struct ResetDesc {
    /// Short name (at most 15 bytes of ASCII).
    pub name: &'static str,
    /// Worst-case reset latency in microseconds (RESET_DOMAIN_ATTRIBUTES).
    pub latency_us: u32,
}

/// Rates of `scmi_cpu`: more than one reply's worth, so that paging with
/// rate_index is exercised (see `protocol::clock::MAX_RATES_PER_REPLY`).
const CPU_RATES: &[u64] = &[
    200_000_000,
    400_000_000,
    600_000_000,
    800_000_000,
    1_000_000_000,
    1_200_000_000,
    1_400_000_000,
    1_600_000_000,
    1_800_000_000,
    2_000_000_000,
];

/// Rates of `scmi_uart`.
const UART_RATES: &[u64] = &[1_843_200, 24_000_000, 48_000_000];

/// The clocks; a clock's id is its index.
pub const CLOCKS: [ClockDesc; 3] = [
    ClockDesc {
        name: "scmi_cpu",
        rates: Rates::Discrete(CPU_RATES),
        initial_rate: 1_000_000_000,
        initially_enabled: true,
        enable_latency_us: 50,
    },
    ClockDesc {
        name: "scmi_uart",
        rates: Rates::Discrete(UART_RATES),
        initial_rate: 24_000_000,
        initially_enabled: true,
        enable_latency_us: 5,
    },
    ClockDesc {
        name: "scmi_gpu",
        rates: Rates::Range {
            min: 100_000_000,
            max: 800_000_000,
            step: 25_000_000,
        },
        initial_rate: 400_000_000,
        initially_enabled: false,
        enable_latency_us: 100,
    },
];

/// The reset domains; a domain's id is its index.
pub const RESETS: [ResetDesc; 2] = [
    ResetDesc {
        name: "scmi_rst_gpu",
        latency_us: 20,
    },
    ResetDesc {
        name: "scmi_rst_uart",
        latency_us: 10,
    },
];

/// One device: the unit of BASE_SET_DEVICE_PERMISSIONS and
/// BASE_SET_PROTOCOL_PERMISSIONS. A device is a peripheral with the clocks
/// and reset domains it owns, so granting a domain "the UART" gives it
/// both the UART's clock and its reset, as a device tree's
/// `access-controllers` entry for the UART node means.
#[derive(Clone, Copy, Debug)]
pub struct DeviceDesc {
    /// Short name (at most 15 bytes of ASCII), for logs and documentation.
    pub name: &'static str,
    /// Ids of the clocks the device owns.
    pub clocks: &'static [usize],
    /// Ids of the reset domains the device owns.
    pub resets: &'static [usize],
}

/// The devices; a device's id is its index. Every clock and every reset
/// domain belongs to exactly one device (checked at compile time in
/// [`crate::devices`]):
///
/// | device id | name | clocks | reset domains |
/// |---|---|---|---|
/// | 0 | cpu | 0 `scmi_cpu` | none |
/// | 1 | uart | 1 `scmi_uart` | 1 `scmi_rst_uart` |
/// | 2 | gpu | 2 `scmi_gpu` | 0 `scmi_rst_gpu` |
pub const DEVICES: [DeviceDesc; 3] = [
    DeviceDesc {
        name: "cpu",
        clocks: &[0],
        resets: &[],
    },
    DeviceDesc {
        name: "uart",
        clocks: &[1],
        resets: &[1],
    },
    DeviceDesc {
        name: "gpu",
        clocks: &[2],
        resets: &[0],
    },
];

/// A short name fits the 16-byte field with its terminating NUL.
const fn name_fits(name: &str) -> bool {
    name.len() < 16
}

/// Checks the descriptions at compile time, so the server never has to
/// handle a broken table at run time.
const fn platform_is_consistent() -> bool {
    if !name_fits(VENDOR) || !name_fits(SUB_VENDOR) || !name_fits(AGENT_NAME) {
        return false;
    }
    if !name_fits(PLATFORM_AGENT_NAME) {
        return false;
    }
    let mut i = 0;
    while i < MULTI_AGENT_NAMES.len() {
        if !name_fits(MULTI_AGENT_NAMES[i]) {
            return false;
        }
        i += 1;
    }
    if MULTI_AGENT_NAMES.len() > crate::agents::MAX_AGENTS {
        return false;
    }
    let mut i = 0;
    while i < DEVICES.len() {
        if !name_fits(DEVICES[i].name) {
            return false;
        }
        i += 1;
    }
    let mut i = 0;
    while i < CLOCKS.len() {
        let clock = &CLOCKS[i];
        if !name_fits(clock.name) {
            return false;
        }
        match clock.rates {
            Rates::Discrete(list) => {
                if list.is_empty() {
                    return false;
                }
                let mut j = 1;
                while j < list.len() {
                    if list[j - 1] >= list[j] {
                        return false;
                    }
                    j += 1;
                }
            }
            Rates::Range { min, max, step } => {
                if step == 0 || min > max || (max - min) % step != 0 {
                    return false;
                }
            }
        }
        i += 1;
    }
    let mut i = 0;
    while i < RESETS.len() {
        if !name_fits(RESETS[i].name) {
            return false;
        }
        i += 1;
    }
    true
}

const _: () = assert!(
    platform_is_consistent(),
    "platform description is inconsistent"
);
