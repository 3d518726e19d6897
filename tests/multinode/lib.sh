# lib.sh - helpers for multi-node tests: real samplan-node processes with
# real LMDB stores, talking over ipc:// sockets inside a private
# temporary directory.  Every wait is bounded; every node is stopped and
# the directory removed on exit.  Source it, then:
#
#   mn_init NAME                       (reads $NODE $TOOL $WRITER)
#   mn_region REGION COORD "MEMBER ..."
#   mn_link FROM TO                    FROM connects to TO
#   mn_title NODE "TITLE" [KNR]        title (and kommunenummer) of NODE
#   mn_region_title REGION "TITLE"     title of REGION
#   mn_region_mode REGION MODE         its mode (parallel_plans)
#   mn_render                          keys and configs for every node
#   mn_start NODE / mn_stop NODE / mn_kill NODE
#   mn_write NODE N PREFIX             N records acked by NODE
#   mn_wait_converged SECONDS NODE ... identical frontiers everywhere
#   mn_wait_log NODE REGEX SECONDS     NODE's log matches
#   mn_check "what" COMMAND...         counts a pass or a failure
#   mn_finish                          prints "N passed, N failed"
#
# SP_VALGRIND=1 runs each node under valgrind memcheck and fails the test
# on any error or definite leak.

set -u
MN_PASSED=0
MN_FAILED=0
MN_NODES=""
MN_REGIONS=""

mn_init() {
	MN_NAME=$1
	D=$(mktemp -d "${TMPDIR:-/tmp}/samplan-$MN_NAME-XXXXXX")
	trap mn_cleanup EXIT
	trap 'exit 1' INT TERM
	MN_TIMEOUT_SCALE=1
	[ "${SP_VALGRIND:-0}" = 1 ] && MN_TIMEOUT_SCALE=5
	: "${NODE:?NODE must name samplan-node}" "${TOOL:?TOOL must name samplan}"
}

mn_log() {
	printf '%s: %s\n' "$MN_NAME" "$*"
}

mn_cleanup() {
	local n
	for n in $MN_NODES; do
		if [ -f "$D/$n.pid" ]; then
			kill -KILL "$(cat "$D/$n.pid")" 2>/dev/null
		fi
	done
	wait 2>/dev/null
	if [ "$MN_FAILED" -ne 0 ] || [ "${SP_KEEP:-0}" = 1 ]; then
		for n in $MN_NODES; do
			[ -f "$D/$n.log" ] && { echo "--- $n.log (tail)"; tail -n 30 "$D/$n.log"; }
		done
	fi
	[ "${SP_KEEP:-0}" = 1 ] || rm -rf "$D"
}

mn_add_node() {
	case " $MN_NODES " in
	*" $1 "*) ;;
	*) MN_NODES="$MN_NODES $1" ;;
	esac
}

mn_region() {
	local m
	MN_REGIONS="$MN_REGIONS $1"
	eval "MN_COORD_$(mn_var "$1")=\$2"
	eval "MN_MEMBERS_$(mn_var "$1")=\$3"
	mn_add_node "$2"
	for m in $3; do mn_add_node "$m"; done
}

# A shell variable suffix for a node or region name.  No subprocess:
# configs of 47 nodes write 2,000 peer sections.
mn_var() {
	printf '%s' "${1//[^a-zA-Z0-9]/_}"
}

mn_link() {
	eval "MN_LINKS_$(mn_var "$1")=\"\${MN_LINKS_$(mn_var "$1"):-} $2\""
}

mn_region_title() {
	eval "MN_RTITLE_$(mn_var "$1")=\$2"
}

# mn_region_mode REGION MODE: [region] mode (shared_plan, parallel_plans).
mn_region_mode() {
	eval "MN_RMODE_$(mn_var "$1")=\$2"
}

mn_title() {
	eval "MN_TITLE_$(mn_var "$1")=\$2"
	eval "MN_KNR_$(mn_var "$1")=\${3:-}"
}

# The title and kommunenummer lines of node $1, if mn_title set them.
mn_title_lines() {
	local v=${1//[^a-zA-Z0-9]/_} t k
	eval "t=\${MN_TITLE_$v:-} k=\${MN_KNR_$v:-}"
	[ -n "$t" ] && printf 'title = %s\n' "$t"
	[ -n "$k" ] && printf 'kommunenummer = %s\n' "$k"
	return 0
}

# Writes NODE's config; extra lines for [node] may come in $2.
mn_write_config() {
	local n=$1 r p links members coord t v pub
	{
		printf '[node]\nname = %s\ndata_dir = %s/%s\nlisten = ipc://%s/%s.sock\nkey = %s/%s.key\n' \
		    "$n" "$D" "$n" "$D" "$n" "$D" "$n"
		[ -n "${MN_MAP_SIZE:-}" ] && printf 'map_size = %s\n' "$MN_MAP_SIZE"
		mn_title_lines "$n"
		for r in $MN_REGIONS; do
			v=${r//[^a-zA-Z0-9]/_}
			eval "coord=\$MN_COORD_$v members=\$MN_MEMBERS_$v"
			printf '\n[region %s]\ncoordinator = %s\n' "$r" "$coord"
			# Eight members a line: a config line holds 200 bytes.
			echo $members | xargs -n 8 | sed 's/ /, /g; s/^/members = /'
			eval "t=\${MN_RTITLE_$v:-}"
			[ -n "$t" ] && printf 'title = %s\n' "$t"
			eval "t=\${MN_RMODE_$(mn_var "$r"):-}"
			[ -n "$t" ] && printf 'mode = %s\n' "$t"
		done
		v=${n//[^a-zA-Z0-9]/_}
		eval "links=\${MN_LINKS_$v:-}"
		for p in $MN_NODES; do
			[ "$p" = "$n" ] && continue
			printf '\n[peer %s]\n' "$p"
			case " $links " in
			*" $p "*) printf 'endpoint = ipc://%s/%s.sock\n' "$D" "$p" ;;
			esac
			read -r pub <"$D/$p.pub"
			printf 'public_key = %s\n' "$pub"
			mn_title_lines "$p"
		done
	} >"$D/$n.ini"
}

mn_render() {
	local n
	for n in $MN_NODES; do
		[ -f "$D/$n.key" ] || "$TOOL" keygen --out "$D/$n.key" >"$D/$n.pub" ||
		    { mn_log "keygen failed"; exit 1; }
	done
	for n in $MN_NODES; do
		mn_write_config "$n"
	done
}

mn_start() {
	local n=$1 i
	rm -f "$D/$n/control.sock"
	if [ "${SP_VALGRIND:-0}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
		    --log-file="$D/$n.vg" \
		    "$NODE" -c "$D/$n.ini" >>"$D/$n.log" 2>&1 &
	else
		"$NODE" -c "$D/$n.ini" >>"$D/$n.log" 2>&1 &
	fi
	echo $! >"$D/$n.pid"
	for i in $(seq 1 $((100 * MN_TIMEOUT_SCALE))); do
		[ -S "$D/$n/control.sock" ] && return 0
		kill -0 "$(cat "$D/$n.pid")" 2>/dev/null || break
		sleep 0.1
	done
	mn_log "node $n did not start"
	cat "$D/$n.log"
	exit 1
}

# Stops NODE with SIGTERM; fails the test unless it exits 0 in time.
mn_stop() {
	local n=$1 pid i rc
	pid=$(cat "$D/$n.pid")
	kill -TERM "$pid" 2>/dev/null
	for i in $(seq 1 $((100 * MN_TIMEOUT_SCALE))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	wait "$pid"
	rc=$?
	rm -f "$D/$n.pid"
	mn_check "node $n stops cleanly (exit $rc)" [ "$rc" -eq 0 ]
	if [ -s "$D/$n.vg" ]; then
		mn_log "valgrind report for $n:"
		cat "$D/$n.vg"
	fi
}

mn_kill() {
	local n=$1
	kill -KILL "$(cat "$D/$n.pid")" 2>/dev/null
	wait "$(cat "$D/$n.pid")" 2>/dev/null
	rm -f "$D/$n.pid"
}

mn_pid() {
	cat "$D/$1.pid"
}

mn_write() {
	"$WRITER" "$D/$1" "$2" "$3" >"$D/$1.$3.acked" ||
	    { mn_log "writer on $1 failed"; return 1; }
}

# The frontier of NODE as its store holds it: "name seq hash" lines.
mn_frontier() {
	"$TOOL" -c "$D/$1.ini" dump 2>/dev/null | awk 'NR > 1 { print $1, $3, $4 }'
}

# Head seq of FEED in NODE's store (0 if absent).
mn_head() {
	mn_frontier "$1" | awk -v f="$2" '$1 == f { s = $2 } END { print s + 0 }'
}

# Waits until every NODE holds identical frontiers; returns 1 on timeout.
mn_wait_converged() {
	local limit=$(( $1 * MN_TIMEOUT_SCALE )) start n first cur ok
	shift
	start=$(date +%s)
	while :; do
		ok=1
		first=$(mn_frontier "$1")
		for n in "$@"; do
			cur=$(mn_frontier "$n")
			[ "$cur" = "$first" ] || { ok=0; break; }
		done
		[ "$ok" = 1 ] && [ -n "$first" ] && return 0
		[ $(( $(date +%s) - start )) -ge "$limit" ] && return 1
		sleep 0.2
	done
}

# Waits until NODE's head of FEED reaches SEQ; returns 1 on timeout.
mn_wait_head() {
	local node=$1 feed=$2 want=$3 limit=$(( $4 * MN_TIMEOUT_SCALE )) start
	start=$(date +%s)
	while [ "$(mn_head "$node" "$feed")" -lt "$want" ]; do
		[ $(( $(date +%s) - start )) -ge "$limit" ] && return 1
		sleep 0.2
	done
}

# Waits until NODE's log matches the extended regex RE; 1 on timeout.
mn_wait_log() {
	local node=$1 re=$2 limit=$(( $3 * MN_TIMEOUT_SCALE )) start
	start=$(date +%s)
	until grep -Eq -- "$re" "$D/$node.log"; do
		[ $(( $(date +%s) - start )) -ge "$limit" ] && return 1
		sleep 0.2
	done
}

mn_check() {
	local what=$1
	shift
	if "$@"; then
		MN_PASSED=$((MN_PASSED + 1))
		mn_log "ok: $what"
	else
		MN_FAILED=$((MN_FAILED + 1))
		mn_log "FAILED: $what"
	fi
}

mn_finish() {
	local n
	for n in $MN_NODES; do
		[ -f "$D/$n.pid" ] && mn_stop "$n"
	done
	echo "$MN_PASSED passed, $MN_FAILED failed"
	[ "$MN_FAILED" -eq 0 ]
}
