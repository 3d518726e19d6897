#!/bin/bash
# storage_eio.sh - RELIABILITY.md C3, EIO: a node writes COMMITS commits
# (one record each, from sp_writer with one request in flight) while
# strace makes the N-th fdatasync, pwrite64 or writev fail with EIO, for
# every call the commits make to the store (strace -P data.mdb: the
# own-feed mark's advisory rewrite in datadir.c is not the store).  The
# node must fail-stop with exit status 70 (NODE_EXIT_EIO) without
# acknowledging the failed commit; restarted
# without injection, it holds exactly the acked records, `samplan verify`
# passes and it accepts writes again.  EIO in a start-up write must keep
# the node from serving at all.
#
# usage: storage_eio.sh SAMPLAN_NODE SAMPLAN SP_WRITER [--full]
#   CI size: 5 commits, every call.  --full: 20 commits, every call.
NODE=$1 TOOL=$2 WRITER=$3
COMMITS=5
[ "${4:-}" = --full ] && COMMITS=20
SYSCALLS="fdatasync pwrite64 writev"
EXIT_EIO=70
. "$(dirname "$0")/../multinode/lib.sh"
. "$(dirname "$0")/crashlib.sh"
mn_init eio
trap 'cr_cleanup; mn_cleanup' EXIT
mn_add_node a
mn_render

# Counts each call: at start-up alone, and over start-up plus the writes.
count_calls() {
	rm -rf "$D/a"
	cr_start_traced a -c -U name,calls -o "$D/count.$1" -P "$D/a/data.mdb" \
	    -e trace="$(echo $SYSCALLS | tr ' ' ,)" || return 1
	[ "$2" -gt 0 ] && { "$WRITER" "$D/a" "$2" C 1 >/dev/null || return 1; }
	cr_stop_traced a
	[ "$CR_RC" -eq 0 ]
}
count_calls start 0 && count_calls all "$COMMITS" ||
    { mn_log "counting run failed (exit ${CR_RC:-?})"; cat "$D/a.log"
      echo "0 passed, 1 failed"; exit 1; }
declare -A C0 C1
for s in $SYSCALLS; do
	C0[$s]=$(awk -v s="$s" '$1 == s { print $2 }' "$D/count.start")
	C1[$s]=$(awk -v s="$s" '$1 == s { print $2 }' "$D/count.all")
	mn_log "$s: ${C0[$s]:-0} calls at start-up, $(( ${C1[$s]:-0} - ${C0[$s]:-0} )) in $COMMITS commits"
done

# One injection point: S, N.  Prints one line; returns 0 when it held.
point() {
	local s=$1 n=$2 startup=$3 wp acked max head rc why=""
	rm -rf "$D/a"
	: >"$D/acked"
	if cr_start_traced a -o /dev/null -P "$D/a/data.mdb" -e trace="$s" \
	    -e inject="$s:error=EIO:when=$n"; then
		[ "$startup" = 1 ] && why="$why served despite EIO at start-up;"
		"$WRITER" "$D/a" "$COMMITS" "E$n" 1 >"$D/acked" 2>/dev/null &
		wp=$!
	fi
	if ! cr_wait_exit "$CR_PID" 30; then
		why="$why no fail-stop within 30 s;"
		cr_stop_traced a
	fi
	rc=$CR_RC
	[ -n "${wp:-}" ] && { kill "$wp" 2>/dev/null; wait "$wp" 2>/dev/null; }
	rm -f "$D/a.pid"
	if [ "$startup" = 1 ]; then
		[ "$rc" -ne 0 ] || why="$why exit 0 after EIO at start-up;"
	else
		[ "$rc" -eq "$EXIT_EIO" ] || why="$why exit $rc, not $EXIT_EIO;"
		grep -q "storage failed" "$D/a.log" ||
		    why="$why no 'storage failed' in the log;"
	fi
	acked=$(wc -l <"$D/acked")
	max=$(cr_max "$D/acked")
	[ "$acked" -lt "$COMMITS" ] || why="$why every write acked;"
	# Restarted without injection: exactly the acked records (the failed
	# commit is not there, I1 holds), verify passes (I2), writes work.
	mn_start a
	head=$(cr_head a)
	[ "$head" -eq "$max" ] || why="$why acked up to $max but head $head;"
	"$TOOL" -c "$D/a.ini" verify >"$D/verify" 2>&1 ||
	    { [ "$head" -eq 0 ] && grep -q "no store there" "$D/verify"; } ||
	    why="$why verify after restart: $(tail -1 "$D/verify");"
	"$WRITER" "$D/a" 3 R 1 >"$D/more" 2>/dev/null &&
	    [ "$(cr_max "$D/more")" -eq $((max + 3)) ] ||
	    why="$why writes after restart failed;"
	kill -TERM "$(mn_pid a)"
	cr_wait_exit "$(mn_pid a)" 20 && [ "$CR_RC" -eq 0 ] ||
	    why="$why restarted node did not stop cleanly;"
	rm -f "$D/a.pid"
	printf '%s: %-9s #%-3d %-8s exit %-3s acked %2d, head %2d after restart: %s\n' \
	    "$MN_NAME" "$s" "$n" "$([ "$startup" = 1 ] && echo start-up || echo commit)" \
	    "$rc" "$acked" "$head" "${why:-ok}"
	: >"$D/a.log"
	[ -z "$why" ]
}

points=0
for s in $SYSCALLS; do
	first=$(( ${C0[$s]:-0} + 1 ))
	last=${C1[$s]:-0}
	list=$(seq "$first" "$last")
	[ "${C0[$s]:-0}" -gt 0 ] && list="1 $list"
	for n in $list; do
		points=$((points + 1))
		startup=0
		[ "$n" -lt "$first" ] && startup=1
		mn_check "EIO at $s #$n" point "$s" "$n" "$startup"
	done
done
mn_log "$points injection points"
mn_check "every call of the commits was injected" [ "$points" -ge $((3 * COMMITS)) ]
echo "$MN_PASSED passed, $MN_FAILED failed"
[ "$MN_FAILED" -eq 0 ]
