#!/bin/bash
# monitor.sh - `samplan metrics` and `samplan check` on real nodes (issue
# 12 item 6).  The metrics are parsed by prometheus_client's own text
# parser (Debian python3-prometheus-client) and checked against what the
# nodes hold; check's Nagios exit codes are checked on a healthy node, a
# lagging one (peer stopped while records were written) and an alerting
# one (equivocation, made by tests/hostile's sp_attack).
NODE=$1 TOOL=$2 WRITER=$3 VERSION=$4 ATTACK=$5
. "$(dirname "$0")/../multinode/lib.sh"
PY=/usr/bin/python3
if ! $PY -c 'import prometheus_client.parser' 2>/dev/null; then
	echo "SKIP: $PY cannot import prometheus_client (apt-get install python3-prometheus-client)"
	exit 77
fi
mn_init monitor

mn_region region koord "k1 victim evil f1"
mn_link k1 koord
mn_link victim koord
mn_render
mn_start koord
mn_start k1
mn_write koord 20 GR
mn_write k1 7 L
mn_check "koord and k1 converge" mn_wait_converged 30 koord k1

# metrics PROG: parses $D/metrics.txt strictly and runs the Python
# assertion PROG with fam (name -> family) and val(name, **labels).
metrics() {
	"$TOOL" -c "$D/koord.ini" metrics >"$D/metrics.txt" || return 1
	$PY - "$D/metrics.txt" "$1" <<'PYEOF'
import sys
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1]).read()
fam = {f.name: f for f in text_string_to_metric_families(text)}
def val(name, **labels):
    for f in fam.values():
        for s in f.samples:
            if s.name == name and s.labels == labels:
                return s.value
    raise SystemExit("no sample %s%s" % (name, labels))
# Every family has HELP and TYPE; no series appears twice.
seen = set()
for f in fam.values():
    assert f.documentation, f.name
    for s in f.samples:
        key = (s.name, tuple(sorted(s.labels.items())))
        assert key not in seen, key
        seen.add(key)
ok = eval(sys.argv[2])
if not ok:
    raise SystemExit("assertion failed: " + sys.argv[2])
PYEOF
}
mn_check "metrics parse; version and node in samplan_info" \
    metrics "val('samplan_info', node='koord', version='$VERSION') == 1"
mn_check "metrics: feed heads" \
    metrics "val('samplan_feed_head_seq', feed='koord') == 20 and val('samplan_feed_head_seq', feed='k1') == 7"
mn_check "metrics: k1 up, no lag" \
    metrics "val('samplan_peer_up', peer='k1') == 1 and val('samplan_peer_lag_records', peer='k1') == 0"
mn_check "metrics: counters and store" \
    metrics "val('samplan_peer_records_received_total', peer='k1') == 7 and val('samplan_store_bytes') > 0 and val('samplan_alerts') == 0 and fam['samplan_peer_records_sent'].type == 'counter'"

# check CODE ARGS...: runs `samplan check`, wants exit CODE and one line.
check() {
	local want=$1
	shift
	"$TOOL" -c "$D/koord.ini" check "$@" >"$D/check.out" 2>"$D/check.err"
	local rc=$?
	mn_log "check $*: exit $rc: $(cat "$D/check.out")"
	[ "$rc" -eq "$want" ] && [ "$(wc -l <"$D/check.out")" -eq 1 ] &&
	    grep -Eq "^SAMPLAN [A-Z]+ - .* \| peers_up=[0-9]+;;;0;[0-9]+ max_lag=[0-9]+;;[0-9]+;0 alerts=[0-9]+;;1;0$" "$D/check.out"
}
# Wait until a check gives WANT (state changes take a heartbeat or two).
check_soon() {
	local want=$1 i
	shift
	for i in $(seq 1 50); do
		check "$want" "$@" && return 0
		sleep 0.2
	done
	return 1
}
mn_check "healthy: check OK (0)" check_soon 0
mn_check "healthy: the line says OK" grep -q "^SAMPLAN OK - node koord $VERSION" "$D/check.out"

# Lagging: k1 stopped while koord writes 50 more.
mn_stop k1
mn_write koord 50 LAG
mn_check "lagging: check --max-lag 10 is CRITICAL (2)" check 2 --max-lag 10
mn_check "lagging: the line names the lag" grep -q "peer k1 50 records behind (limit 10)" "$D/check.out"
mn_check "lagging: metrics show k1 50 records behind" \
    metrics "val('samplan_peer_lag_records', peer='k1') == 50"
mn_check "peer down briefly: WARNING (1)" check_soon 1 --max-lag 1000
mn_check "peer down longer than --max-down 1: CRITICAL (2)" check_soon 2 --max-lag 1000 --max-down 1
mn_check "the line says why" grep -q "peer k1 down [0-9]* s" "$D/check.out"
mn_check "a bad argument: UNKNOWN (3)" eval \
    '"$TOOL" -c "$D/koord.ini" check --max-lag x >/dev/null; [ $? -eq 3 ]'
mn_stop koord
mn_check "node not running: UNKNOWN (3)" eval \
    '"$TOOL" -c "$D/koord.ini" check >"$D/check.out" 2>/dev/null; [ $? -eq 3 ] && grep -q "^SAMPLAN UNKNOWN" "$D/check.out"'

# Alerting: a peer holding stolen keys sends two validly signed records
# for one seq; the victim keeps both and raises the equivocation alert.
mn_start koord
mn_start victim
mkdir -m 700 "$D/attacker"
for k in evil k1 f1; do cp "$D/$k.key" "$D/attacker/"; done
"$ATTACK" -e "ipc://$D/victim.sock" -p "$(cat "$D/victim.pub")" -d "$D/victim" \
    -k "$D/attacker" forged 2 >"$D/attack.out" 2>&1
mn_check "the attack ran (exit $?)" grep -q "seeded:" "$D/attack.out"
check_victim() {
	"$TOOL" -c "$D/victim.ini" check --max-lag 100000 >"$D/check.out"
	[ $? -eq 2 ] && grep -q "^SAMPLAN CRITICAL - .*equivocation: f1" "$D/check.out"
}
mn_check "alerting: check is CRITICAL (2) on equivocation" check_victim
mn_log "$(cat "$D/check.out")"
mn_check "alerting: metrics count the alert" eval \
    '"$TOOL" -c "$D/victim.ini" metrics | grep -q "^samplan_alerts 1$"'
mn_finish
