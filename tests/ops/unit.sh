#!/bin/bash
# unit.sh - the systemd unit (issue 12 item 7): `systemd-analyze security
# --offline=true` rates the installed samplan-node@.service at 2.0 or
# less, the unit names its Documentation= and keeps what libzmq needs
# (@system-service, which holds sched_setscheduler); and the node sends
# READY=1, RELOADING=1 with MONOTONIC_USEC, and STOPPING=1 to
# NOTIFY_SOCKET, received here by a real datagram socket.
NODE=$1 TOOL=$2 WRITER=$3 VERSION=$4 UNIT=$5
. "$(dirname "$0")/../multinode/lib.sh"
mn_init unit

if command -v systemd-analyze >/dev/null; then
	# Offline analysis wants the unit under a name of its own.
	cp "$UNIT" "$D/samplan-node@.service"
	systemd-analyze security --offline=true --no-pager \
	    "$D/samplan-node@.service" >"$D/security.out" 2>&1
	score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) .*/\1/p' "$D/security.out")
	mn_check "systemd-analyze security: exposure $score <= 2.0" \
	    awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.0) }'
	[ -n "$score" ] || cat "$D/security.out"
	mn_check "the unit verifies" eval \
	    'systemd-analyze verify --man=no "$D/samplan-node@.service" 2>&1 | grep -v "not executable\|No such file\|is not accessible\|Failed to prepare filename\|Command .* is not executable" | { ! grep -q .; }'
else
	mn_log "skip: no systemd-analyze (apt-get install systemd)"
fi
mn_check "Documentation= names the man pages" \
    grep -q "^Documentation=man:samplan-node(8)" "$UNIT"
mn_check "the syscall filter keeps @system-service (libzmq: sched_setscheduler)" \
    grep -q "^SystemCallFilter=@system-service$" "$UNIT"
mn_check "and does not take @resources away" eval '! grep -q "^SystemCallFilter=~.*@resources" "$UNIT"'

# sd_notify: READY, RELOADING (with the monotonic time), READY, STOPPING.
mn_region region koord "k1"
mn_render
/usr/bin/python3 - "$D/notify.sock" "$D/notify.out" <<'PYEOF' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(30)
with open(sys.argv[2], "w") as out:
    try:
        while True:
            m = s.recv(4096).decode()
            out.write(m.replace("\n", " ") + "\n")
            out.flush()
            if m.startswith("STOPPING=1"):
                break
    except socket.timeout:
        pass
PYEOF
LISTENER=$!
for i in $(seq 1 50); do [ -S "$D/notify.sock" ] && break; sleep 0.1; done
NOTIFY_SOCKET=$D/notify.sock "$NODE" -c "$D/koord.ini" >>"$D/koord.log" 2>&1 &
echo $! >"$D/koord.pid"
MN_NODES="$MN_NODES koord"
wait_lines() {
	local i
	for i in $(seq 1 100); do
		[ "$(wc -l <"$D/notify.out" 2>/dev/null || echo 0)" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
mn_check "READY=1 at start" eval 'wait_lines 1 && [ "$(sed -n 1p "$D/notify.out")" = "READY=1" ]'
t0=$(awk '{ printf "%.0f", $1 * 1000000 }' /proc/uptime)
kill -HUP "$(mn_pid koord)"
mn_check "RELOADING=1 with MONOTONIC_USEC on SIGHUP" eval \
    'wait_lines 2 && sed -n 2p "$D/notify.out" | grep -Eq "^RELOADING=1 MONOTONIC_USEC=[0-9]+ ?$"'
usec=$(sed -n 2p "$D/notify.out" | sed 's/.*MONOTONIC_USEC=\([0-9]*\).*/\1/')
mn_check "MONOTONIC_USEC is CLOCK_MONOTONIC now ($usec vs uptime $t0)" \
    awk -v u="$usec" -v t="$t0" 'BEGIN { d = u - t; if (d < 0) d = -d; exit !(d < 60000000) }'
mn_check "READY=1 after the reload" eval 'wait_lines 3 && [ "$(sed -n 3p "$D/notify.out")" = "READY=1" ]'
mn_stop koord
mn_check "STOPPING=1 on SIGTERM" eval 'wait_lines 4 && [ "$(sed -n 4p "$D/notify.out")" = "STOPPING=1" ]'
wait "$LISTENER"
mn_finish
