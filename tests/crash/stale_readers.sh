#!/bin/bash
# stale_readers.sh - RELIABILITY.md C4: while a node writes RECORDS
# records, KILLS times a read-only tool (sp_reader hold) begins a read
# transaction and is killed with SIGKILL inside it, leaving a stale slot
# in the reader table that pins its snapshot.  The node, sweeping every
# second (SAMPLAN_READER_CHECK_MS=1000; the default is 60 s), must clear
# each slot at its next sweep, before the next reader starts, and the
# store may grow by less than 2x a run with no readers at all.  Slots
# are read with `mdb_stat -r`, which does not clear them.
#
# usage: stale_readers.sh SAMPLAN_NODE SAMPLAN SP_WRITER SP_READER [--full]
#   CI size: 20 kills during 10 000 records.  --full: 20 during 50 000.
NODE=$1 TOOL=$2 WRITER=$3 READER=$4
KILLS=20
RECORDS=10000
[ "${5:-}" = --full ] && RECORDS=50000
CHUNK=$((RECORDS / KILLS))
export SAMPLAN_READER_CHECK_MS=1000
. "$(dirname "$0")/../multinode/lib.sh"
. "$(dirname "$0")/crashlib.sh"
mn_init stale
mn_add_node a
mn_render
command -v mdb_stat >/dev/null ||
    { mn_log "mdb_stat (lmdb-utils) is missing"; echo "0 passed, 1 failed"; exit 1; }

# Is PID in a's reader table?
in_table() {
	mdb_stat -r "$D/a" | awk -v p="$1" '$1 == p { f = 1 } END { exit !f }'
}

# Starts a reader that holds a read txn; kills it inside the txn.  Sets
# RPID; returns 1 when the reader did not get its txn.
kill_reader() {
	local i
	: >"$D/reader.out"
	"$READER" hold "$D/a" >"$D/reader.out" 2>&1 &
	RPID=$!
	for i in $(seq 1 50); do
		grep -q "holding txn" "$D/reader.out" && break
		sleep 0.1
	done
	kill -KILL "$RPID"
	wait "$RPID" 2>/dev/null
	grep -q "holding txn" "$D/reader.out"
}

# Waits up to 3 s for the node to clear PID's slot; prints the ms taken.
wait_cleared() {
	local i
	for i in $(seq 0 60); do
		in_table "$1" || { echo $((i * 50)); return 0; }
		sleep 0.05
	done
	return 1
}

# One run: MODE is "baseline" (no readers) or "kill".  Prints the size.
run() {
	local mode=$1 k t
	rm -rf "$D/a"
	mn_start a
	: >"$D/acked.$mode"
	for k in $(seq 1 "$KILLS"); do
		if [ "$mode" = kill ]; then
			kill_reader || mn_check "reader $k got its txn" false
			# Seen stale, unless a sweep came first (then 0 ms).
			in_table "$RPID" && echo "$k" >>"$D/seen.stale"
		fi
		# Writes while the stale slot pins the killed reader's snapshot.
		"$WRITER" "$D/a" "$CHUNK" "S$k" 64 >>"$D/acked.$mode" ||
		    mn_check "writes during kill $k" false
		if [ "$mode" = kill ]; then
			if t=$(wait_cleared "$RPID"); then
				echo "$t" >>"$D/clear.ms"
			else
				mn_check "the node cleared reader $k within 3 s" false
			fi
		fi
	done
	mn_check "$mode: every record acked, all present" \
	    [ "$(cr_head a)" -eq "$RECORDS" ]
	mn_check "$mode: the store verifies" "$TOOL" -c "$D/a.ini" verify
	stat -c %s "$D/a/data.mdb" >"$D/size.$mode"
	mn_stop a
}

: >"$D/seen.stale"
run baseline
run kill
base=$(cat "$D/size.baseline")
killed=$(cat "$D/size.kill")
cleared=$(grep -o 'cleared [0-9]* stale' "$D/a.log" | awk '{ s += $2 } END { print s + 0 }')
mn_log "data.mdb: $((base / 1024)) KiB without readers," \
    "$((killed / 1024)) KiB with $KILLS killed readers" \
    "(x$(awk -v a="$killed" -v b="$base" 'BEGIN { printf "%.2f", a / b }'));" \
    "slots cleared by the node: $cleared; ms to clear:" \
    "$(sort -n "$D/clear.ms" | awk '{ a[NR] = $1 } END { printf "median %d, max %d", a[int((NR + 1) / 2)], a[NR] }')"
mn_check "stale slots were seen in the reader table ($(wc -l <"$D/seen.stale") of $KILLS)" \
    [ "$(wc -l <"$D/seen.stale")" -gt 0 ]
mn_check "every stale slot was cleared at the node's next sweep" \
    [ "$(wc -l <"$D/clear.ms")" -eq "$KILLS" ]
mn_check "the node, not a tool, cleared all $KILLS slots" [ "$cleared" -eq "$KILLS" ]
mn_check "growth with killed readers < 2x the baseline" [ "$killed" -lt $((2 * base)) ]
mn_finish
