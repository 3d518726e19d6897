#!/bin/bash
# idle_cpu.sh - a node without `listen` (connect-only, a valid config)
# must not spin (issue 8 item 8): idle for 10 s it uses under 1 % of a
# core, measured as the CPU time the kernel charged it
# (/proc/PID/schedstat, nanoseconds).  Its own memory stays small too
# (issue 13 item 5: a national region's 358 nodes share 1 GiB): an idle
# node's anonymous memory, Pss_Anon of /proc/PID/smaps_rollup, is under
# 1 MiB (800 kB here; the ops staged per turn, on the stack until
# issue 13, made it 1,256 kB).
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init idle_cpu

mn_region region koord "k1"
mn_link k1 koord
mn_render
sed -i '/^listen = /d' "$D/k1.ini"
mn_start koord
mn_start k1
if [ ! -r "/proc/$(mn_pid k1)/schedstat" ]; then
	echo "idle_cpu: skipped: no /proc/PID/schedstat on this kernel"
	exit 77
fi
mn_write koord 3 GR
mn_check "the connect-only node replicates" mn_wait_head k1 koord 3 20
mn_write k1 2 L
mn_check "and sends" mn_wait_head koord k1 2 20
sleep 1
pid=$(mn_pid k1)
t0=$(awk '{ print $1 }' "/proc/$pid/schedstat")
sleep 10
t1=$(awk '{ print $1 }' "/proc/$pid/schedstat")
used=$(( (t1 - t0) / 1000000 ))
mn_log "connect-only node: $used ms of CPU in 10 s idle"
mn_check "under 1 % of a core idle ($used ms of 100 ms allowed)" [ "$used" -lt 100 ]
if ldd "$NODE" 2>/dev/null | grep -q libasan; then
	mn_log "memory: not checked under AddressSanitizer (its shadow memory)"
elif anon=$(awk '/^Pss_Anon:/ { print $2 }' "/proc/$pid/smaps_rollup" \
    2>/dev/null) && [ -n "$anon" ]; then
	mn_log "connect-only node: Pss_Anon $anon kB idle"
	mn_check "idle node's own memory under 1 MiB ($anon kB)" \
	    [ "$anon" -lt 1024 ]
else
	mn_log "memory: no Pss_Anon in /proc/PID/smaps_rollup; not checked"
fi
mn_finish
