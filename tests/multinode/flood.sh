#!/bin/bash
# flood.sh - issue 8 item 2: what one authenticated member can cost.  A
# member (evil) that never reads sends reset frontiers for the
# coordinator's feed: 220 frames of about 40 bytes on one connection,
# then the same from one key on 20 connections at once, each going on
# with a reset every 100 ms.  The coordinator's memory (VmRSS and PSS
# from /proc) must stay within 32 MiB above its idle size, and an honest
# member must keep receiving throughout.
NODE=$1 TOOL=$2 WRITER=$3 FLOOD=$4
. "$(dirname "$0")/lib.sh"
mn_init flood
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=1:thread_local_quarantine_size_kb=64"
BOUND_KB=$((32 * 1024))

rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

pss_kb() {
	awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0
}

# Runs one flood and samples koord's memory until it ends; sets PEAK.
flood() {
	local conns=$1 frames=$2 hold=$3 pid r p
	"$FLOOD" "$D/evil.key" "ipc://$D/koord.sock" "$(cat "$D/koord.pub")" \
	    "$(cat "$D/koord.pub")" "$conns" "$frames" "$hold" \
	    >>"$D/flood.out" 2>&1 &
	pid=$!
	PEAK=0
	PEAK_PSS=0
	while kill -0 "$pid" 2>/dev/null; do
		r=$(rss_kb "$(mn_pid koord)")
		p=$(pss_kb "$(mn_pid koord)")
		[ "$r" -gt "$PEAK" ] && PEAK=$r
		[ "$p" -gt "$PEAK_PSS" ] && PEAK_PSS=$p
		sleep 0.1
	done
	wait "$pid"
}

mn_region region koord "k1 evil"
mn_link k1 koord
mn_render
mn_start koord
mn_start k1
# A feed worth resending: 20,000 records of about 300 bytes (6 MB).
mn_write koord 20000 GR
mn_check "warm-up converges" mn_wait_head k1 koord 20000 60
sleep 1
base=$(rss_kb "$(mn_pid koord)")
base_pss=$(pss_kb "$(mn_pid koord)")
mn_log "koord idle: VmRSS $base kB, PSS $base_pss kB"

flood 1 220 8
mn_log "220 resets on one connection: peak VmRSS $PEAK kB (+$((PEAK - base))), PSS $PEAK_PSS kB (+$((PEAK_PSS - base_pss)))"
mn_check "one connection: VmRSS within 32 MiB of idle" [ $((PEAK - base)) -lt "$BOUND_KB" ]
mn_check "one connection: PSS within 32 MiB of idle" [ $((PEAK_PSS - base_pss)) -lt "$BOUND_KB" ]

mn_write koord 100 live1 &
writer=$!
flood 20 220 8
wait $writer
mn_log "20 connections of one key: peak VmRSS $PEAK kB (+$((PEAK - base))), PSS $PEAK_PSS kB (+$((PEAK_PSS - base_pss)))"
mn_check "20 connections: VmRSS within 32 MiB of idle" [ $((PEAK - base)) -lt "$BOUND_KB" ]
mn_check "20 connections: PSS within 32 MiB of idle" [ $((PEAK_PSS - base_pss)) -lt "$BOUND_KB" ]
mn_check "the honest member kept receiving during the flood" mn_wait_head k1 koord 20100 10
mn_check "koord is still the same process" kill -0 "$(mn_pid koord)"
mn_check "ZAP refused the connections over the per-key limit" \
    grep -q "too many connections for one key" "$D/koord.log"
mn_finish
