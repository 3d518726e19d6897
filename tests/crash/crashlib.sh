# crashlib.sh - helpers shared by the crash and storage tests (C3-C5), on
# top of tests/multinode/lib.sh: a node started under strace, bounded
# waits on a process, and the head of a feed.  Source after lib.sh and
# mn_init.

# Starts node N under strace with the given strace options (the node's
# exit status becomes strace's).  Sets CR_PID to strace's pid and
# CR_NODE_PID to the node's.  Returns 1, with the strace still to be
# reaped by cr_wait_exit, when the node exits before it is serving.
cr_start_traced() {
	local n=$1 i
	shift
	rm -f "$D/$n/control.sock"
	# LeakSanitizer cannot run under ptrace.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    strace -f "$@" "$NODE" -c "$D/$n.ini" >>"$D/$n.log" 2>&1 &
	CR_PID=$!
	CR_NODE_PID=
	echo "$CR_PID" >"$D/$n.pid"
	for i in $(seq 1 150); do
		if [ -S "$D/$n/control.sock" ]; then
			# strace's own command line starts with "strace".
			CR_NODE_PID=$(pgrep -n -f "^$NODE -c $D/$n.ini\$")
			[ -n "$CR_NODE_PID" ] && return 0
		fi
		kill -0 "$CR_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	mn_log "node $n under strace did not start"
	return 1
}

# Waits up to SECONDS for PID (a child of this shell) to exit; sets
# CR_RC to its exit status, or returns 1 (PID still running) on timeout.
cr_wait_exit() {
	local pid=$1 limit=$(( $2 * 10 )) i
	for i in $(seq 1 "$limit"); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$pid" 2>/dev/null && return 1
	wait "$pid" 2>/dev/null
	CR_RC=$?
	return 0
}

# Stops the node under strace with SIGTERM (to the node, not strace) and
# waits; sets CR_RC (124: it had to be killed).
cr_stop_traced() {
	local n=$1
	[ -n "$CR_NODE_PID" ] && kill -TERM "$CR_NODE_PID" 2>/dev/null
	if ! cr_wait_exit "$CR_PID" 20; then
		mn_log "node $n (pid ${CR_NODE_PID:-?}) ignored SIGTERM for 20 s"
		kill -KILL "$CR_NODE_PID" "$CR_PID" 2>/dev/null
		wait "$CR_PID" 2>/dev/null
		CR_RC=124
	fi
	rm -f "$D/$n.pid"
}

# Kills whatever cr_start_traced left running (for EXIT traps).
cr_cleanup() {
	[ -n "${CR_NODE_PID:-}" ] && kill -KILL "$CR_NODE_PID" 2>/dev/null
	[ -n "${CR_PID:-}" ] && kill -KILL "$CR_PID" 2>/dev/null
	return 0
}

# Head seq of node N's own feed as its store holds it (0 if none).
cr_head() {
	"$TOOL" -c "$D/$1.ini" dump 2>/dev/null |
	    awk -v f="$1" 'NR > 1 && $1 == f { s = $3 } END { print s + 0 }'
}

# The largest seq in an acked file (0 if empty).
cr_max() {
	sort -n "$1" | tail -1 | awk '{ print $1 + 0 } END { if (NR == 0) print 0 }'
}
