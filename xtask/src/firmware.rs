//! `cargo xtask firmware [--smoke]`: builds the EL3 test firmware (and its
//! smoke payload) as flat images, and boots them once under QEMU.
//!
//! The images are built for `aarch64-unknown-none-softfloat`: EL3 code must
//! not touch the FP/SIMD registers, which belong to the caller of an SMC
//! (SMCCC preserves them), and the soft-float target guarantees the
//! compiler never uses them.

use crate::util::{logs_dir, project_root, run, step};
use anyhow::{bail, Context, Result};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The firmware crate's package name.
const PACKAGE: &str = "scmi-el3-firmware";
/// The bare-metal target both images are built for.
const TARGET: &str = "aarch64-unknown-none-softfloat";
/// The firmware runs from the secure flash at 0: its entry must be there.
const FIRMWARE_ENTRY: u64 = 0;
/// The smoke payload stands where Xen would: the firmware's ERET target.
const PAYLOAD_ENTRY: u64 = qemu_platform::NS_ENTRY;
/// The smoke run should take about a second; this bounds a hang.
const SMOKE_TIMEOUT: Duration = Duration::from_secs(30);

/// Builds the firmware and returns the path of the flat binary for `-bios`.
pub fn build() -> Result<PathBuf> {
    build_image("scmi-el3-firmware", "scmi-el3-firmware.bin", FIRMWARE_ENTRY)
}

/// Builds the smoke payload and returns its flat binary (load it at
/// [`PAYLOAD_ENTRY`]).
pub fn build_smoke_payload() -> Result<PathBuf> {
    build_image("smoke-payload", "smoke-payload.bin", PAYLOAD_ENTRY)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("target"))
}

/// cargo build of one binary in release, then objcopy to a flat image
/// whose first byte is the ELF entry point `entry`.
fn build_image(bin: &str, image_name: &str, entry: u64) -> Result<PathBuf> {
    step(&format!("building {bin} for {TARGET}"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(cargo)
        .current_dir(project_root())
        .args([
            "build",
            "--release",
            "--package",
            PACKAGE,
            "--target",
            TARGET,
        ])
        .args(["--bin", bin]))?;

    let elf = target_dir().join(TARGET).join("release").join(bin);
    let found = elf_entry(&elf)?;
    if found != entry {
        bail!(
            "{} starts at {found:#x}, but the image must begin with its entry at {entry:#x}",
            elf.display()
        );
    }
    let out_dir = target_dir().join("firmware");
    fs::create_dir_all(&out_dir)?;
    let image = out_dir.join(image_name);
    run(Command::new("aarch64-linux-gnu-objcopy")
        .args(["-O", "binary"])
        .arg(&elf)
        .arg(&image))?;
    Ok(image)
}

/// The entry address from an ELF64 header (e_entry at byte 24).
fn elf_entry(elf: &Path) -> Result<u64> {
    let bytes = fs::read(elf).with_context(|| format!("reading {}", elf.display()))?;
    if bytes.get(..4) != Some(b"\x7fELF".as_slice()) {
        bail!("{} is not an ELF file", elf.display());
    }
    let field: [u8; 8] = bytes
        .get(24..32)
        .and_then(|b| b.try_into().ok())
        .context("truncated ELF header")?;
    Ok(u64::from_le_bytes(field))
}

/// The firmware's first line: where it enters the payload, with which
/// device tree.
fn boot_line() -> String {
    let (entry, dtb) = (qemu_platform::NS_ENTRY, qemu_platform::NS_DTB);
    format!("EL3: firmware up, entering EL2 at {entry:#x} dtb={dtb:#x}")
}

/// Console lines the smoke run must print after [`boot_line`], besides no
/// `SMOKE: FAIL`.
const EXPECTED_LINES: &[&str] = &[
    "SMOKE: PASS smccc_version got=0x10001",
    "SMOKE: PASS psci_version got=0x10001",
    "SMOKE: PASS scmi_base_version got=0x20000",
    "SMOKE: PASS scmi_vendor_is_XenRustEL3 got=0x1",
    "SMOKE: PASS unknown_smc32 got=0xffffffffffffffff",
    "SMOKE: PASS smc_preserves_x4_x17 got=0x0",
    "SMOKE: PASS cpu_on_context_in_x0 got=0x5ec00002",
    "SMOKE: PASS agent2_uart_rate_denied got=0xfffffffd",
    "SMOKE: PASS agent1_grants_agent2_uart got=0x0",
    "SMOKE: PASS agent2_uart_rate_granted got=0x0",
    "SMOKE: PASS agent1_resets_agent2 got=0x0",
    "SMOKE: PASS agent2_uart_rate_denied_again got=0xfffffffd",
    "SMOKE: PASS agent2_discover_self_id got=0x2",
    "SMOKE: PASS unknown_smc32_after_scmi_ids got=0xffffffffffffffff",
    "SMOKE: all checks passed",
    // Client 3 plays the privileged agent (two probes, the grant and the
    // reset), client 4 the second agent (two of its four calls DENIED).
    "EL3: scmi-count client=3 calls=4 errors=0",
    "EL3: scmi-count client=4 calls=4 errors=2",
    "EL3: scmi-count total=8",
    "EL3: scmi-agent agent=1 calls=4 errors=0 denied=0",
    "EL3: scmi-agent agent=2 calls=4 errors=2 denied=2",
];

/// `cargo xtask firmware --smoke`: the firmware with the smoke payload in
/// place of Xen, two CPUs, checked on its console (kept in
/// logs/firmware-smoke.log) and its exit status.
pub fn smoke() -> Result<()> {
    let firmware = build()?;
    let payload = build_smoke_payload()?;
    fs::create_dir_all(logs_dir())?;
    let log_path = logs_dir().join("firmware-smoke.log");
    step("booting the firmware with the smoke payload under QEMU");
    let status = run_qemu(&firmware, &payload, &log_path)?;
    let log =
        fs::read_to_string(&log_path).with_context(|| format!("reading {}", log_path.display()))?;

    let mut problems: Vec<String> = Vec::new();
    match status {
        Some(0) => {}
        Some(code) => problems.push(format!(
            "QEMU exited with status {code}, expected 0 (SYSTEM_OFF)"
        )),
        None => problems.push(format!(
            "QEMU did not stop within {} s",
            SMOKE_TIMEOUT.as_secs()
        )),
    }
    let lines: Vec<&str> = log.lines().map(str::trim_end).collect();
    let boot = boot_line();
    for wanted in std::iter::once(boot.as_str()).chain(EXPECTED_LINES.iter().copied()) {
        if !lines.contains(&wanted) {
            problems.push(format!("missing line: {wanted}"));
        }
    }
    for failed in lines.iter().filter(|l| l.starts_with("SMOKE: FAIL")) {
        problems.push(format!("payload reported: {failed}"));
    }
    if !problems.is_empty() {
        bail!(
            "firmware smoke test failed (console in {}):\n  {}",
            log_path.display(),
            problems.join("\n  ")
        );
    }
    println!(
        "firmware smoke test passed (console in {})",
        log_path.display()
    );
    Ok(())
}

/// Runs QEMU with the console going to `log`; returns its exit code, or
/// `None` if it had to be killed after [`SMOKE_TIMEOUT`].
fn run_qemu(firmware: &Path, payload: &Path, log: &Path) -> Result<Option<i32>> {
    let console = File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let mut qemu = Command::new("qemu-system-aarch64")
        .args(["-machine", "virt,secure=on,virtualization=on,gic-version=3"])
        .args(["-cpu", "cortex-a57", "-m", "2G", "-smp", "2", "-nographic"])
        .args(["-nic", "none"])
        .args(["-semihosting-config", "enable=on,target=native"])
        .arg("-bios")
        .arg(firmware)
        .arg("-device")
        .arg(format!(
            "loader,file={},addr={PAYLOAD_ENTRY:#x},force-raw=on",
            payload.display()
        ))
        .stdin(Stdio::null())
        .stdout(console.try_clone()?)
        .stderr(console)
        .spawn()
        .context("starting qemu-system-aarch64")?;
    let deadline = Instant::now() + SMOKE_TIMEOUT;
    loop {
        if let Some(status) = qemu.try_wait()? {
            return Ok(Some(status.code().unwrap_or(-1)));
        }
        if Instant::now() >= deadline {
            qemu.kill().ok();
            qemu.wait().ok();
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
