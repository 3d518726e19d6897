#!/bin/bash
# flow.sh - a peer stopped with SIGSTOP for 10 s does not make the
# sender's memory grow past a bound; the other peers keep receiving;
# after SIGCONT it catches up.
#
# The bound: SYNC_WINDOW_BYTES (1 MiB) in flight per peer, plus ZeroMQ's
# pipe to it (PEER_SNDHWM messages of at most NODE_BATCH_BYTES); we allow
# the sender 32 MiB of RSS growth while writing 20,000 records.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init flow
# Under AddressSanitizer, freed memory waits in a 256 MiB quarantine and
# looks like growth; keep it small so RSS measures what we hold.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=1:thread_local_quarantine_size_kb=64"
BOUND_KB=$((32 * 1024))

rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

mn_region region koord "k1 k2"
mn_link k1 koord
mn_link k2 koord
mn_render
for n in koord k1 k2; do mn_start "$n"; done
mn_write koord 500 warm
mn_check "warm-up converges" mn_wait_converged 30 koord k1 k2
base=$(rss_kb "$(mn_pid koord)")

kill -STOP "$(mn_pid k1)"
start=$(date +%s)
mn_write koord 20000 GR & writer=$!
peak=$base
while [ $(( $(date +%s) - start )) -lt 10 ]; do
	r=$(rss_kb "$(mn_pid koord)")
	[ "$r" -gt "$peak" ] && peak=$r
	sleep 0.2
done
wait $writer
r=$(rss_kb "$(mn_pid koord)")
[ "$r" -gt "$peak" ] && peak=$r
mn_log "sender RSS: $base kB before, $peak kB peak with k1 stopped"
mn_check "sender memory growth $((peak - base)) kB < $BOUND_KB kB" [ $((peak - base)) -lt $BOUND_KB ]
mn_check "k2 kept receiving while k1 was stopped" mn_wait_head k2 koord 20500 30
mn_check "k1 received nothing while stopped" [ "$(mn_head k1 koord)" -lt 20500 ]
kill -CONT "$(mn_pid k1)"
mn_check "k1 catches up after SIGCONT" mn_wait_converged 60 koord k1 k2
mn_finish
