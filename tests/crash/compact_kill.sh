#!/bin/bash
# compact_kill.sh - compaction is crash-safe (issue 9 item 3): SIGKILL the
# node at each step of `samplan compact` (strace inject): the fsync of
# the copy, the rename over data.mdb, the fsync of the directory.  After
# each kill, restarted, the node holds every acked record, verify passes,
# no copy is left behind, and it writes and compacts again.
#
# Also: a read-only tool holding a read transaction on the old file
# (sp_reader hold) while the node compacts must not make the node read
# the new file through the old lock file's transaction ids.
#
# usage: compact_kill.sh SAMPLAN_NODE SAMPLAN SP_WRITER SP_READER
NODE=$1 TOOL=$2 WRITER=$3 READER=$4
. "$(dirname "$0")/../multinode/lib.sh"
. "$(dirname "$0")/crashlib.sh"
mn_init compact-kill
trap 'cr_cleanup; mn_cleanup' EXIT
command -v strace >/dev/null || { echo "strace is not installed: skipped"; exit 77; }
mn_add_node a
mn_render

acked=0
# point NAME SYSCALL WHEN: kill at the WHEN-th SYSCALL after the writes.
point() {
	local name=$1 sc=$2 when=$3 got
	mn_start a
	mn_write a 5 "P$acked" || return 1
	acked=$((acked + 5))
	mn_stop a
	cr_start_traced a -qq -e trace="$sc" \
	    -e inject="$sc:signal=SIGKILL:when=$when" || return 1
	"$TOOL" -c "$D/a.ini" compact >/dev/null 2>&1
	cr_wait_exit "$CR_PID" 20 || { mn_log "$name: node not killed"; return 1; }
	rm -f "$D/a.pid"
	mn_check "$name: the node was killed there (status $CR_RC)" [ "$CR_RC" -ne 0 ]
	mn_start a
	got=$(cr_head a)
	mn_check "$name: all $acked acked records held after restart ($got)" \
	    [ "$got" -eq "$acked" ]
	mn_check "$name: verify passes" "$TOOL" -c "$D/a.ini" verify
	mn_check "$name: no copy left behind" [ ! -e "$D/a/data.mdb.compact" ]
	mn_check "$name: compacts again" "$TOOL" -c "$D/a.ini" compact
	mn_stop a
}

point "killed at the fsync of the copy" fsync 1
point "killed at the rename" rename 1
point "killed at the fsync of the directory" fsync 2
mn_start a
mn_write a 3 END
acked=$((acked + 3))
mn_check "writes go on: $acked held" [ "$(cr_head a)" -eq "$acked" ]

# Readers on the old file during a compaction.
for round in 1 2 3; do
	"$READER" hold "$D/a" >"$D/hold.$round" 2>&1 &
	hold=$!
	for i in $(seq 1 50); do grep -q holding "$D/hold.$round" && break; sleep 0.1; done
	mn_check "round $round: compacts with a reader holding the old file" \
	    "$TOOL" -c "$D/a.ini" compact
	mn_write a 4 "R$round" || mn_check "round $round: writes after it" false
	acked=$((acked + 4))
	kill -KILL "$hold" 2>/dev/null
	wait "$hold" 2>/dev/null
	mn_check "round $round: $acked records held ($(cr_head a))" \
	    [ "$(cr_head a)" -eq "$acked" ]
	mn_check "round $round: verify passes" "$TOOL" -c "$D/a.ini" verify
done
mn_stop a
mn_start a
mn_check "after a restart: $acked records held" [ "$(cr_head a)" -eq "$acked" ]
mn_finish
