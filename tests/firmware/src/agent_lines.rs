//! The per-agent SCMI lines printed at SYSTEM_OFF/SYSTEM_RESET, after the
//! per-client ones: the client counters say which domain called, these
//! say on whose channel, and how often the platform refused.
//!
//! ```text
//! EL3: scmi-agent agent=<dec> calls=<dec> errors=<dec> denied=<dec>
//! ```
//!
//! One line per channel's agent that made at least one call, ascending
//! agent id; `errors` counts every call not answered with SUCCESS,
//! `denied` those of them answered DENIED (see [`scmi_server::AgentStats`]).
//! A run where no agent called prints nothing.

use crate::console::Sink;
use crate::scmi_channels::ScmiChannel;
use scmi_server::Server;

/// Writes the lines for the agents of `server` that were called.
pub fn print(server: &Server, out: &mut impl Sink) {
    for agent in ScmiChannel::all().map(ScmiChannel::agent) {
        let stats = server.stats(agent);
        if stats.calls == 0 {
            continue;
        }
        out.str("EL3: scmi-agent agent=");
        out.dec(u64::from(agent.id()));
        out.str(" calls=");
        out.dec(stats.calls);
        out.str(" errors=");
        out.dec(stats.errors);
        out.str(" denied=");
        out.dec(stats.denied);
        out.str("\n");
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::console::tests::render;
    use scmi_server::protocol::{base, clock, BASE, CLOCK, PROTOCOL_VERSION};
    use scmi_server::shmem::{HEADER, LENGTH, PAYLOAD, STATUS};
    use scmi_server::{AgentId, SharedMemory};
    use std::string::String;

    fn printed(server: &Server) -> String {
        render(|b| print(server, b)).replace('\r', "")
    }

    /// One command from the agent of `channel`, through a channel buffer.
    fn call(server: &mut Server, channel: usize, protocol: u8, message: u8, params: &[u32]) {
        let mut mem = [0u8; 0x100];
        let buf = mem.as_mut_slice();
        let header = u32::from(message) | (u32::from(protocol) << 10);
        buf.write_u32(STATUS, 0).unwrap();
        buf.write_u32(LENGTH, 4 + 4 * params.len() as u32).unwrap();
        buf.write_u32(HEADER, header).unwrap();
        for (i, word) in params.iter().enumerate() {
            buf.write_u32(PAYLOAD + 4 * i, *word).unwrap();
        }
        let agent = ScmiChannel::new(channel).map(ScmiChannel::agent).unwrap();
        server.process(agent, buf);
    }

    #[test]
    fn nothing_when_no_agent_called() {
        assert_eq!(printed(&Server::multi_agent()), "");
    }

    #[test]
    fn only_agents_that_called_in_ascending_order() {
        let mut s = Server::multi_agent();
        // Agent 3 is refused the UART clock (1), then asks who it is.
        call(&mut s, 2, CLOCK, clock::CLOCK_RATE_GET, &[1]);
        call(
            &mut s,
            2,
            BASE,
            base::DISCOVER_AGENT,
            &[base::AGENT_ID_SELF],
        );
        // Agent 1 sends a malformed permission change (reserved flag bit).
        call(&mut s, 0, BASE, base::SET_DEVICE_PERMISSIONS, &[3, 1, 2]);
        call(&mut s, 0, BASE, PROTOCOL_VERSION, &[]);
        assert_eq!(s.stats(AgentId::new(2).unwrap()).calls, 0);
        assert_eq!(
            printed(&s),
            "EL3: scmi-agent agent=1 calls=2 errors=1 denied=0\n\
             EL3: scmi-agent agent=3 calls=2 errors=1 denied=1\n"
        );
    }
}
