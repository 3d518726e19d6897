#!/bin/bash
# storage_enospc.sh - RELIABILITY.md C3, real ENOSPC: node a keeps its
# store on a small tmpfs (8 MiB; its map, 64 MiB, is larger than the
# filesystem) and node b, on the ordinary disk, replicates from it.
# Writes go to a until the disk is full.  The writer must get "disk is
# full", never an ack, for the failed commit, and so must every later
# write until space returns (even one small record that would fit); a
# must keep running (status answers with the alert, b is still served,
# b's own records are refused without harm); once the tmpfs is grown,
# writes succeed again and b's records arrive.  Every acked record is in both stores at the
# end and both verify.  Needs root for mount; skipped otherwise.
#
# usage: storage_enospc.sh SAMPLAN_NODE SAMPLAN SP_WRITER [--full]
#   CI size: an 8 MiB tmpfs, grown to 64 MiB.
#   --full:  then filled again (past the 64 MiB map: it grows first) and
#            grown to 512 MiB.
NODE=$1 TOOL=$2 WRITER=$3
ROUNDS=1
[ "${4:-}" = --full ] && ROUNDS=2
. "$(dirname "$0")/../multinode/lib.sh"
. "$(dirname "$0")/crashlib.sh"
mn_init enospc
cleanup() {
	local n
	for n in a b; do
		[ -f "$D/$n.pid" ] && kill -KILL "$(cat "$D/$n.pid")" 2>/dev/null
	done
	wait 2>/dev/null
	mountpoint -q "$D/a" && umount "$D/a"
	mn_cleanup
}
trap cleanup EXIT

if [ "$(id -u)" -ne 0 ]; then
	echo "enospc: skipped: mounting a tmpfs needs root"
	echo "0 passed, 0 failed"
	exit 77
fi
mkdir -p "$D/a"
if ! mount -t tmpfs -o size=8m tmpfs "$D/a" 2>"$D/mount.err"; then
	echo "enospc: skipped: cannot mount a tmpfs: $(cat "$D/mount.err")"
	echo "0 passed, 0 failed"
	exit 77
fi

mn_add_node a
mn_add_node b
mn_link b a
mn_render
mn_start a
mn_start b
: >"$D/a.acked"
: >"$D/b.acked"

# Writes to a until a write is refused; returns 1 if none is in time.
fill() {
	local i
	for i in $(seq 1 200); do
		if ! "$WRITER" "$D/a" 2000 "F$1-$i" 64 >>"$D/a.acked" 2>"$D/w.err"; then
			return 0
		fi
	done
	return 1
}

# The log tells each full disk and each recovery once: no flapping.
logged() {
	[ "$(grep -c "disk full: refusing" "$D/a.log")" -eq "$1" ] &&
	    [ "$(grep -c "disk has space again" "$D/a.log")" -eq "$1" ]
}

# While full, even one small record is refused, without an ack.
refused_one() {
	! "$WRITER" "$D/a" 1 "one" 1 >>"$D/a.acked" 2>"$D/w1.err" &&
	    grep -q "disk is full" "$D/w1.err"
}

# samplan's own write is refused too, with exit 1 (the node cannot write
# now), not 2 (bad input): samplan(1), EXIT STATUS.
tool_refused() {
	local rc
	timeout 10 "$TOOL" -c "$D/a.ini" alerts ack disk-full --reason "sett" \
	    >"$D/ack.out" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && grep -q "disk is full" "$D/ack.out" ||
	    { mn_log "samplan exited $rc: $(cat "$D/ack.out")"; return 1; }
}

# The disk-full alert is gone from a's status within 10 s.
alert_gone() {
	local i
	for i in $(seq 1 50); do
		timeout 5 "$TOOL" -c "$D/a.ini" status | grep -q 'ALERT' || return 0
		sleep 0.2
	done
	return 1
}

# Writes N more records to a; its acks go to a.acked.
write_a() {
	"$WRITER" "$D/a" "$1" "$2" 64 >>"$D/a.acked"
}

size=8
for round in $(seq 1 "$ROUNDS"); do
	mn_check "round $round: a write to a is refused once ${size} MiB are full" fill "$round"
	mn_check "round $round: the writer got 'disk is full', not an ack" \
	    grep -q "disk is full" "$D/w.err"
	mn_log "round $round: $(wc -l <"$D/a.acked") records acked so far;" \
	    "$(df -k "$D/a" | awk 'NR == 2 { print $4 }') KiB free"
	mn_check "round $round: a is still running" kill -0 "$(mn_pid a)"
	mn_check "round $round: a single record is refused while full" refused_one
	mn_check "round $round: a's status answers, with the disk-full alert" \
	    sh -c "timeout 5 '$TOOL' -c '$D/a.ini' status | grep -q 'ALERT: disk full'"
	mn_check "round $round: samplan's write is refused with exit 1" \
	    tool_refused
	# a still serves b, and b's new records reach a's full disk harmlessly.
	mn_check "round $round: b is still served: it holds a's acked records" \
	    mn_wait_head b a "$(cr_max "$D/a.acked")" 30
	mn_write b 200 "B$round" && cat "$D/b.B$round.acked" >>"$D/b.acked"
	sleep 2
	mn_check "round $round: a survives b's records while full" kill -0 "$(mn_pid a)"
	# Space returns: writes succeed again, b's records arrive.
	size=$((size * 8))
	mount -o remount,size=${size}m "$D/a"
	# The alert goes when space returns, before anyone writes again.
	mn_check "round $round: the alert goes without a write" alert_gone
	mn_check "round $round: writes succeed once the tmpfs is ${size} MiB" \
	    write_a 2000 "G$round"
	mn_check "round $round: the alert is gone" \
	    sh -c "! timeout 5 '$TOOL' -c '$D/a.ini' status | grep -q 'ALERT'"
	mn_check "round $round: a has b's records" \
	    mn_wait_head a b "$(cr_max "$D/b.acked")" 30
	mn_check "round $round: a logged the full disk and its recovery" \
	    logged "$round"
done

# I1 and I2 on both nodes.
max=$(cr_max "$D/a.acked")
mn_check "acked seqs of a are distinct ($(wc -l <"$D/a.acked"))" \
    [ "$(sort -n "$D/a.acked" | uniq -d | wc -l)" -eq 0 ]
mn_check "a holds every acked record (head $(cr_head a) >= $max)" \
    [ "$(cr_head a)" -ge "$max" ]
mn_check "b converges with a" mn_wait_converged 30 a b
mn_check "a verifies" "$TOOL" -c "$D/a.ini" verify
mn_check "b verifies" "$TOOL" -c "$D/b.ini" verify
mn_check "a never failed-stopped" sh -c "! grep -q 'storage failed' '$D/a.log'"
mn_finish
