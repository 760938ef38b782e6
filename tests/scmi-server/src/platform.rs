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
/// Name of the one agent (id 1) that owns the one channel.
pub const AGENT_NAME: &str = "ospm";
/// Number of agents, the platform not counted.
pub const NUM_AGENTS: u32 = 1;
/// Id of the agent that talks over the channel (the caller of every message).
pub const CALLER_AGENT_ID: u32 = 1;

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
