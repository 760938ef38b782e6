//! The shell run by dom0 in the xl scenarios (after `init.rs`'s prelude):
//! the toolstack's start-up, then each scenario's body. Every line meant
//! for the harness starts with "XL: ".

/// /etc/xen/toolstack.sh, which every body sources first: loads Xen's
/// drivers (modules in Debian's kernel), mounts xenfs, starts xenstored,
/// writes dom0's own entries, and starts xenconsoled logging every guest
/// console to `/var/log/xen/console/guest-<name>.log`, which is how dom0
/// sees what a guest printed. Then defines the helpers the bodies use.
pub const TOOLSTACK_UP: &str = r#"export PATH=/bin:/usr/sbin:/usr/bin
for m in xen-privcmd xen-evtchn xen-gntdev xenfs; do
    insmod /lib/modules/$m.ko || echo "XL: insmod $m failed"
done
mount -t xenfs xenfs /proc/xen || echo "XL: cannot mount xenfs"
# xenconsoled gives each guest console a pseudo-terminal.
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts || echo "XL: cannot mount devpts"
mkdir -p /var/run/xen /var/run/xenstored /var/lib/xen /var/lib/xenstored \
    /var/log/xen/console /etc/xen
xenstored --pid-file=/var/run/xenstored.pid || echo "XL: xenstored failed"
/usr/lib/xen/bin/xen-init-dom0 || echo "XL: xen-init-dom0 failed"
xenconsoled --log=guest --log-dir=/var/log/xen/console || echo "XL: xenconsoled failed"
if xl info >/dev/null; then
    echo "XL: toolstack up"
else
    echo "XL: toolstack down"
fi

# Gives dom0 four times the default credit2 weight, as integrators run it:
# with busy guests beside it (the SMP scenarios' owners), libxl's 10 s for
# xenconsoled to set up a new domain's console was missed once on a
# loaded host.
weigh_dom0() {
    xl sched-credit2 -d 0 -w 1024 || echo "XL: dom0 weight not set"
}

# The state flags of domain $1 in `xl list` (empty if there is none).
state() {
    xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }'
}

# Runs command $2... every 0.2 s, for up to $1 seconds, until it succeeds;
# fails if it never does. The waits below are each one test on it.
poll() {
    n=$(($1 * 5))
    shift
    while [ $n -gt 0 ]; do
        "$@" && return 0
        usleep 200000
        n=$((n - 1))
    done
    return 1
}

# Domain $1 has shut down (kept by on_poweroff = "preserve", so that its
# SCMI ownership outlives its run).
shut_down() {
    case "$(state "$1")" in *s*) return 0 ;; esac
    return 1
}

# Guest $1's console log has line $2.
console_has() {
    grep -qF "$2" "/var/log/xen/console/guest-$1.log" 2>/dev/null
}

# Xen's log has line $1.
xen_log_has() {
    xl dmesg | grep -qF "$1"
}

# Waits up to $2 seconds for domain $1 to have shut down.
wait_shutdown() {
    poll "$2" shut_down "$1" && return 0
    echo "XL: $1 did not shut down within $2 s"
    return 1
}

# Waits up to $3 seconds for guest $1's console log (written by
# xenconsoled, which runs when dom0 gets the CPU) to have line $2: a guest
# that has shut down may have printed its last lines before xenconsoled
# copied them.
wait_console() {
    poll "$3" console_has "$1" "$2" && return 0
    echo "XL: $1's console has no \"$2\" after $3 s"
    return 1
}

# Waits up to $2 seconds for Xen's log to have line $1: a destroyed
# domain's resources go once its last reference does, which may be after
# `xl destroy` returned.
wait_xen_log() {
    poll "$2" xen_log_has "$1"
}
"#;

/// The body of xl-domd's script (for `concat!`).
macro_rules! domd_script {
    () => {
        r#". /etc/xen/toolstack.sh
if xl create /etc/xen/domd.cfg; then
    echo "XL: domd created as d$(xl domid domd)"
    d=$(xl domid domd)
    wait_shutdown domd 120
    wait_console domd "reboot: Power down" 20
    sed 's/^/DOMD: /' /var/log/xen/console/guest-domd.log
    xl destroy domd && echo "XL: domd destroyed"
    if wait_xen_log "SCMI: d$d released SCMI" 10; then
        echo "XL: domd released SCMI"
    fi
else
    echo "XL: xl create domd failed"
fi"#
    };
}

/// xl-domd: a Linux driver domain created by xl owns SCMI and probes it;
/// its console log is printed with a "DOMD: " prefix.
pub const DOMD: &str = domd_script!();

/// board-rcar: dom0's memory map around the channel's page first (every
/// /proc/iomem line, as the board scenarios print it), then xl-domd's
/// driver domain.
pub const RCAR: &str = concat!(
    r#"echo "INIT: iomem begin"
sed 's/^/INIT: iomem /' /proc/iomem
echo "INIT: iomem end"
"#,
    domd_script!()
);

/// xl-lifecycle: 20 rounds of create, wait, destroy of the probe guest,
/// each checked for its release of SCMI before the next create; in the
/// first round, while the probe owns SCMI, a second SCMI domain must be
/// refused. Before those, an owner destroyed in the middle of its calls,
/// and the owner after it.
pub const LIFECYCLE: &str = r#". /etc/xen/toolstack.sh
# An owner destroyed while both its vCPUs call the firmware (they never
# stop on their own): Xen must release SCMI all the same, and the next
# owner must get its answers (the firmware's count for each says).
if xl create -q /etc/xen/probe.cfg 'name="busy"' 'vcpus=2' \
    'extra="probe=smp-calls n=4294967295"'; then
    d=$(xl domid busy)
    sleep 2
    xl destroy busy || echo "XL: busy: destroy failed"
    if wait_xen_log "SCMI: d$d released SCMI" 10; then
        echo "XL: d$d, destroyed while calling, released SCMI"
    else
        echo "XL: d$d, destroyed while calling, did not release SCMI"
    fi
else
    echo "XL: busy: create failed"
fi
if xl create -q /etc/xen/probe.cfg 'name="after"'; then
    d=$(xl domid after)
    wait_shutdown after 30 && echo "XL: the next owner, d$d, shut down"
    xl destroy after || echo "XL: after: destroy failed"
    wait_xen_log "SCMI: d$d released SCMI" 10 || echo "XL: d$d did not release SCMI"
else
    echo "XL: after: create failed"
fi
ok=0
i=1
while [ $i -le 20 ]; do
    if ! xl create -q /etc/xen/probe.cfg; then
        echo "XL: cycle $i: create failed"
        break
    fi
    d=$(xl domid probe)
    echo "XL: cycle $i: probe is d$d"
    if [ $i -eq 1 ]; then
        if xl create -q /etc/xen/probe.cfg 'name="probe2"'; then
            echo "XL: a second SCMI domain was created"
        else
            echo "XL: a second SCMI domain was refused (xl exit status $?)"
        fi
    fi
    wait_shutdown probe 30 || break
    if ! xl destroy probe; then
        echo "XL: cycle $i: destroy failed"
        break
    fi
    if wait_xen_log "SCMI: d$d released SCMI" 10; then
        ok=$((ok + 1))
        echo "XL: cycle $i: d$d released SCMI"
    else
        echo "XL: cycle $i: d$d did not release SCMI"
        break
    fi
    i=$((i + 1))
done
echo "XL: lifecycle: $ok of 20 cycles released SCMI"
"#;

/// xl-bad-config: every malformed arm_sci value, each with the lines xl
/// printed (but its "Parsing config" banner) and its exit status; then
/// two good values as a control (dry runs); then the domains, which must
/// be dom0 alone.
pub const BAD_CONFIG: &str = r#". /etc/xen/toolstack.sh
config() {
    sed "s|@ARM_SCI@|$1|" /etc/xen/template.cfg > /etc/xen/try.cfg
}
for s in '""' '"type"' '"type="' '"type=foo"' '"foo=bar"' '"=scmi_smc"' \
    '"type=scmi_smc,type=none"' '"type=scmi_smc,"' '",type=scmi_smc"' \
    '"type=scmi_smc,,"' '[ "type=scmi_smc" ]'; do
    config "$s"
    xl create /etc/xen/try.cfg > /tmp/xl.out 2>&1
    rc=$?
    grep -v "^Parsing config" /tmp/xl.out > /tmp/xl.err
    sed "s|^|XL: [$s] |" /tmp/xl.err
    echo "XL: [$s] exit $rc, $(wc -l < /tmp/xl.err) line(s)"
done
for s in '"type=scmi_smc"' '"type=none"'; do
    config "$s"
    xl create -n /etc/xen/try.cfg > /dev/null 2>&1
    echo "XL: [$s] dry run exit $?"
done
echo "XL: domains: $(xl list | awk 'NR > 1 { printf "%s ", $1 }')end""#;

/// xl-agents: 20 rounds, each creating a probe guest on agent 2 and one on
/// agent 3, waiting for both, destroying both and checking that Xen reset
/// each agent; in the first round a third domain asking for agent 2 while
/// it is held must be refused.
pub const AGENTS: &str = r#". /etc/xen/toolstack.sh
ok=0
i=1
while [ $i -le 20 ]; do
    if ! xl create -q /etc/xen/probe-a.cfg || ! xl create -q /etc/xen/probe-b.cfg; then
        echo "XL: cycle $i: create failed"
        break
    fi
    a=$(xl domid probea)
    b=$(xl domid probeb)
    echo "XL: cycle $i: probea is d$a, probeb is d$b"
    if [ $i -eq 1 ]; then
        if xl create -q /etc/xen/probe-a.cfg 'name="probec"'; then
            echo "XL: a second domain for agent 2 was created"
        else
            echo "XL: a second domain for agent 2 was refused (xl exit status $?)"
        fi
    fi
    wait_shutdown probea 30 && wait_shutdown probeb 30 || break
    if ! xl destroy probea || ! xl destroy probeb; then
        echo "XL: cycle $i: destroy failed"
        break
    fi
    if wait_xen_log "SCMI: d$a: agent 2 reset" 10 && wait_xen_log "SCMI: d$b: agent 3 reset" 10; then
        ok=$((ok + 1))
        echo "XL: cycle $i: agents 2 and 3 reset"
    else
        echo "XL: cycle $i: an agent was not reset"
        break
    fi
    i=$((i + 1))
done
echo "XL: agents: $ok of 20 cycles reset both agents""#;

/// agent-reset: waits for the dom0less probe on agent 2 (d1, granted the
/// uart's SCMI device at boot) to finish, destroys it, checks that Xen
/// reset agent 2, then creates a new probe on agent 2 with xl, which must
/// find the uart clock DENIED: the grant went with the old holder.
pub const AGENT_RESET: &str = r#". /etc/xen/toolstack.sh
if wait_xen_log "(d1) PROBE: done" 60; then
    echo "XL: d1 is done"
else
    echo "XL: d1 did not finish"
fi
if xl destroy 1; then
    echo "XL: d1 destroyed"
else
    echo "XL: d1 destroy failed"
fi
if wait_xen_log "SCMI: d1: agent 2 reset" 10; then
    echo "XL: agent 2 was reset"
else
    echo "XL: agent 2 was not reset"
fi
if xl create -q /etc/xen/probe-a.cfg 'extra="probe=owner clock=1"'; then
    d=$(xl domid probea)
    echo "XL: agent 2 is d$d's now"
    wait_shutdown probea 30
    xl destroy probea
    wait_xen_log "SCMI: d$d: agent 2 reset" 10 && echo "XL: agent 2 was reset again"
else
    echo "XL: create failed"
fi"#;

/// xl-dtdev: agent 2's probe without the uart, then with `dtdev` naming
/// it, each run to its end, destroyed and its agent reset; then a domain
/// without an agent given the gpu, which xl must fail to create.
pub const DTDEV: &str = r#". /etc/xen/toolstack.sh
run_probe() {
    label=$1
    shift
    if xl create -q /etc/xen/probe-a.cfg 'extra="probe=owner clock=1"' "$@"; then
        d=$(xl domid probea)
        echo "XL: $label: probea is d$d"
        wait_shutdown probea 30
        xl destroy probea || echo "XL: $label: destroy failed"
        wait_xen_log "SCMI: d$d: agent 2 reset" 10 || echo "XL: $label: agent 2 was not reset"
    else
        echo "XL: $label: create failed"
    fi
}
run_probe "without dtdev"
run_probe "with dtdev" 'dtdev=["/scmi-dev-uart@bff10000"]'
if xl create -q /etc/xen/plain.cfg 'dtdev=["/scmi-dev-gpu@bff11000"]'; then
    echo "XL: a domain without an agent was given the gpu"
    xl destroy probe
else
    echo "XL: a domain without an agent was refused the gpu"
fi"#;

/// smp-churn: 20 rounds of creating a probe without SCMI that floods
/// refused SCMI SMCs, letting it flood a moment and destroying it, while
/// the owner (d1, dom0less) calls from both its vCPUs; then a pause of the
/// owner, its sign to stop and report.
pub const SMP_CHURN: &str = r#". /etc/xen/toolstack.sh
weigh_dom0
ok=0
i=1
while [ $i -le 20 ]; do
    if ! xl create -q /etc/xen/flooder.cfg; then
        echo "XL: cycle $i: create failed"
        break
    fi
    echo "XL: cycle $i: flooder is d$(xl domid flooder)"
    usleep 200000
    if ! xl destroy flooder; then
        echo "XL: cycle $i: destroy failed"
        break
    fi
    ok=$((ok + 1))
    i=$((i + 1))
done
echo "XL: churn: $ok of 20 cycles"
if xl pause 1; then
    echo "XL: owner paused"
    sleep 12
    xl unpause 1 || echo "XL: unpause failed"
else
    echo "XL: pause failed"
fi
if wait_xen_log "(d1) PROBE: smp-calls ok" 60; then
    echo "XL: owner reported"
else
    echo "XL: owner did not report"
fi"#;

/// smp-agents: 10 rounds of creating a probe on agent 4, waiting for its
/// two calls, destroying it and checking that Xen reset agent 4, while
/// the owners of agents 2 and 3 (d1 and d2, dom0less) call from both
/// their vCPUs; then a pause of both owners, their sign to stop and
/// report.
pub const SMP_AGENTS: &str = r#". /etc/xen/toolstack.sh
weigh_dom0
ok=0
i=1
while [ $i -le 10 ]; do
    if ! xl create -q /etc/xen/probe-c.cfg; then
        echo "XL: cycle $i: create failed"
        break
    fi
    c=$(xl domid probec)
    echo "XL: cycle $i: probec is d$c"
    wait_shutdown probec 30 || break
    if ! xl destroy probec; then
        echo "XL: cycle $i: destroy failed"
        break
    fi
    if ! wait_xen_log "SCMI: d$c: agent 4 reset" 10; then
        echo "XL: cycle $i: agent 4 was not reset"
        break
    fi
    ok=$((ok + 1))
    i=$((i + 1))
done
echo "XL: churn: $ok of 10 cycles reset agent 4"
if xl pause 1 && xl pause 2; then
    echo "XL: owners paused"
    sleep 12
else
    echo "XL: pause failed"
fi
# libxl keeps no entries for dom0less domains and takes one without them
# for HVM, whose device model 4.22's xl unpause then tries to resume, and
# fails. libxl itself writes this key for the domains it builds.
xenstore-write /libxl/1/type pvh /libxl/2/type pvh
# One after the other, so that their reports come in this order.
if xl unpause 1 && wait_xen_log "(d1) PROBE: smp-calls ok" 60 &&
    xl unpause 2 && wait_xen_log "(d2) PROBE: smp-calls ok" 60; then
    echo "XL: owners reported"
else
    echo "XL: owners did not report"
fi"#;
