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

# The state flags of domain $1 in `xl list` (empty if there is none).
state() {
    xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }'
}

# Waits up to $2 seconds for domain $1 to have shut down (kept by
# on_poweroff = "preserve", so that its SCMI ownership outlives its run).
wait_shutdown() {
    n=0
    while [ $n -lt $(($2 * 5)) ]; do
        case "$(state "$1")" in *s*) return 0 ;; esac
        usleep 200000
        n=$((n + 1))
    done
    echo "XL: $1 did not shut down within $2 s"
    return 1
}

# Waits up to $2 seconds for Xen's log to have line $1: a destroyed
# domain's resources go once its last reference does, which may be after
# `xl destroy` returned.
wait_xen_log() {
    n=0
    while [ $n -lt $(($2 * 5)) ]; do
        xl dmesg | grep -qF "$1" && return 0
        usleep 200000
        n=$((n + 1))
    done
    return 1
}
"#;

/// xl-domd: a Linux driver domain created by xl owns SCMI and probes it;
/// its console log is printed with a "DOMD: " prefix.
pub const DOMD: &str = r#". /etc/xen/toolstack.sh
if xl create /etc/xen/domd.cfg; then
    echo "XL: domd created as d$(xl domid domd)"
    d=$(xl domid domd)
    wait_shutdown domd 120
    usleep 500000
    sed 's/^/DOMD: /' /var/log/xen/console/guest-domd.log
    xl destroy domd && echo "XL: domd destroyed"
    if wait_xen_log "SCMI: d$d released SCMI" 10; then
        echo "XL: domd released SCMI"
    fi
else
    echo "XL: xl create domd failed"
fi"#;

/// xl-lifecycle: 20 rounds of create, wait, destroy of the probe guest,
/// each checked for its release of SCMI before the next create; in the
/// first round, while the probe owns SCMI, a second SCMI domain must be
/// refused.
pub const LIFECYCLE: &str = r#". /etc/xen/toolstack.sh
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
echo "XL: lifecycle: $ok of 20 cycles released SCMI""#;

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
