//! Runs QEMU with a deadline and keeps its console in a log file.
//!
//! QEMU gets its own process group, so that on timeout the whole group is
//! killed: nothing may outlive a scenario and hold the console pipe open.
//! Being in its own group, QEMU does not see a Ctrl-C typed at xtask; it
//! runs under coreutils' `timeout` as well, so that even if xtask itself is
//! interrupted, QEMU is gone shortly after the scenario's deadline.

use super::scenario::Reply;
use anyhow::{Context, Result};
use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// What a finished (or killed) run left behind.
pub struct Outcome {
    /// QEMU's exit status; `None` when it was killed at the deadline or by a
    /// signal.
    pub status: Option<i32>,
    pub timed_out: bool,
    pub elapsed: Duration,
    /// Everything QEMU printed, stdout and stderr interleaved as they came.
    pub console: String,
}

/// Runs `qemu-system-aarch64 args`, teeing its output into `log` (and to our
/// stderr when `echo`), and kills it after `timeout`.
pub fn run(
    args: &[String],
    log: &Path,
    timeout: Duration,
    echo: bool,
    replies: &[Reply],
) -> Result<Outcome> {
    if let Some(dir) = log.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = File::create(log).with_context(|| format!("cannot create {}", log.display()))?;
    let sink = Arc::new(Mutex::new(Sink {
        file,
        text: Vec::new(),
        echo,
    }));

    let start = Instant::now();
    let backstop = (timeout + Duration::from_secs(10)).as_secs().to_string();
    let mut child = Command::new("timeout")
        .args(["-s", "KILL", &backstop, "qemu-system-aarch64"])
        .args(args)
        // A pipe, not a terminal, on stdin: QEMU must not switch a tty to
        // raw mode, and the replies are typed through it.
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .context("cannot start qemu-system-aarch64")?;
    let pid = child.id();

    let pumps: Vec<_> = [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    .map(|stream| {
        let sink = Arc::clone(&sink);
        thread::spawn(move || pump(stream, &sink))
    })
    .collect();

    let mut stdin = child.stdin.take();
    let mut pending: Vec<&Reply> = replies.iter().collect();
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        pending.retain(|reply| !type_if_seen(reply, &sink, stdin.as_mut()));
        if start.elapsed() >= timeout {
            timed_out = true;
            if let Some(stdin) = stdin.as_mut() {
                ask_xen_for_its_state(stdin);
            }
            kill_group(pid);
            break child.wait()?;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    for pump in pumps {
        let _ = pump.join();
    }
    let sink = sink
        .lock()
        .map_err(|_| anyhow::anyhow!("log writer panicked"))?;
    Ok(Outcome {
        status: if timed_out { None } else { status.code() },
        timed_out,
        elapsed,
        console: String::from_utf8_lossy(&sink.text).into_owned(),
    })
}

/// Types `reply.send` once every line of `reply.when` is in the console;
/// true when done.
fn type_if_seen(
    reply: &Reply,
    sink: &Mutex<Sink>,
    stdin: Option<&mut std::process::ChildStdin>,
) -> bool {
    let seen = sink
        .lock()
        .map(|s| reply.when.iter().all(|w| contains(&s.text, w.as_bytes())))
        .unwrap_or(false);
    if seen {
        if let Some(stdin) = stdin {
            let _ = stdin.write_all(reply.send.as_bytes());
            let _ = stdin.write_all(b"\r");
            let _ = stdin.flush();
        }
    }
    seen
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

struct Sink {
    file: File,
    text: Vec<u8>,
    echo: bool,
}

/// Copies one output stream into the sink until QEMU closes it.
fn pump(mut stream: Box<dyn Read + Send>, sink: &Mutex<Sink>) {
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                let Ok(mut sink) = sink.lock() else { return };
                let chunk = &buf[..n];
                sink.text.extend_from_slice(chunk);
                let _ = sink.file.write_all(chunk);
                if sink.echo {
                    let _ = std::io::stderr().write_all(chunk);
                }
            }
        }
    }
}

/// Xen's debug keys typed before a hung run is killed, so that its log
/// says where each vCPU and pCPU was: domains and vCPU states, run queues,
/// timers, then every pCPU's registers (last: a pCPU that no longer takes
/// interrupts holds that dump up, and the run is killed regardless).
const XEN_STATE_KEYS: &[u8] = b"qrad";

/// Switches Xen's console input to Xen (three Ctrl-A) and types
/// [`XEN_STATE_KEYS`], a second apart; within the 10 s the `timeout`
/// backstop leaves. Harmless where Xen is not running.
fn ask_xen_for_its_state(stdin: &mut std::process::ChildStdin) {
    let _ = stdin.write_all(b"\x01\x01\x01");
    let _ = stdin.flush();
    thread::sleep(Duration::from_millis(300));
    for key in XEN_STATE_KEYS {
        let _ = stdin.write_all(&[*key]);
        let _ = stdin.flush();
        thread::sleep(Duration::from_secs(1));
    }
}

/// SIGKILL to the process group QEMU leads. std has no kill(2) for a group,
/// and one `kill` invocation is cheaper than a libc dependency.
fn kill_group(pid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .status();
}
