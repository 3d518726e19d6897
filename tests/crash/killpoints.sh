#!/bin/bash
# killpoints.sh - RELIABILITY.md C2, deterministic kill points: for a
# fixed workload (sp_workload: COMMITS commits on a fresh store), SIGKILL
# the writer at the entry of the N-th call of each write and sync system
# call LMDB makes (strace -e inject=S:signal=SIGKILL:when=N), for every N.
# After each kill: every seq the writer printed (after its commit) is in
# the store (I1), `samplan verify` passes (I2), and running the workload
# again finishes it with every seq 1..total acked exactly once and the
# store verifying.  The killed call of every point is logged (coverage).
#
# usage: killpoints.sh SP_WORKLOAD SAMPLAN [--full]
#   CI size: a 10-commit workload, every point.
#   --full:  the 30-commit workload of RELIABILITY.md, every point.
WORKLOAD=$1 TOOL=$2
COMMITS=10
[ "${3:-}" = --full ] && COMMITS=30
PER=3			# records per commit (sp_workload.c)
TOTAL=$((COMMITS * PER))
SYSCALLS="pwrite64 pwritev writev fdatasync fsync msync"
LIMIT=${SP_C2_SECONDS:-540}	# stop (and fail) rather than overrun
# LeakSanitizer cannot run under ptrace (ASan builds).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

D=$(mktemp -d "${TMPDIR:-/tmp}/samplan-c2-XXXXXX")
trap 'rm -rf "$D"' EXIT
passed=0
failed=0
fail() {
	failed=$((failed + 1))
	echo "killpoints: FAILED: $*"
}
check() {
	local what=$1
	shift
	if "$@"; then passed=$((passed + 1)); else fail "$what"; fi
}

"$TOOL" keygen --out "$D/k.key" >/dev/null || exit 1
cat >"$D/k.ini" <<EOI
[node]
name = kommune
data_dir = $D/data
key = $D/k.key
EOI

head_seq() {
	"$TOOL" -c "$D/k.ini" dump 2>/dev/null | awk 'NR == 2 { print $3 }'
}

# 1. Count each call in one clean run.
strace -f -c -U name,calls -o "$D/count" \
    -e trace="$(echo $SYSCALLS | tr ' ' ,)" \
    "$WORKLOAD" "$D/data" "$D/k.key" "$COMMITS" >"$D/out" ||
    { echo "killpoints: clean run failed"; echo "0 passed, 1 failed"; exit 1; }
check "clean run acks 1..$TOTAL" [ "$(wc -l <"$D/out")" -eq "$TOTAL" ]
declare -A COUNT
for s in $SYSCALLS; do
	COUNT[$s]=$(awk -v s="$s" '$1 == s { print $2 }' "$D/count")
	COUNT[$s]=${COUNT[$s]:-0}
done
echo "killpoints: $COMMITS commits of $PER records on a fresh store;" \
    "calls: $(for s in $SYSCALLS; do printf '%s=%s ' "$s" "${COUNT[$s]}"; done)"
rm -rf "$D/data"

# 2. Kill at every point.  All of them are traced, so that the log shows
# how many commits completed (meta page writes) before the killed call;
# the injection counts only calls of S.
TRACED=$(echo $SYSCALLS | tr ' ' ,)
start=$SECONDS
points=0
killed=0
declare -A KIND COMMIT_HIT
for s in $SYSCALLS; do
	for n in $(seq 1 "${COUNT[$s]}"); do
		if [ $((SECONDS - start)) -ge "$LIMIT" ]; then
			fail "time limit ${LIMIT}s reached at $s #$n"
			break 2
		fi
		points=$((points + 1))
		rm -rf "$D/data"
		strace -f -y -o "$D/trace" -e trace="$TRACED" \
		    -e inject="$s:signal=SIGKILL:when=$n" \
		    "$WORKLOAD" "$D/data" "$D/k.key" "$COMMITS" \
		    >"$D/acked" 2>/dev/null &
		wait $! 2>/dev/null
		rc=$?
		acked=$(wc -l <"$D/acked")
		max=$(sort -n "$D/acked" | tail -1)
		max=${max:-0}
		# What was interrupted: the call line strace left unfinished.
		call=$(grep -m1 ' = ?' "$D/trace" | sed 's/^[0-9]* //')
		case "$s:$call" in
		pwrite64:*", 120, "*)	kind="meta page (O_DSYNC)" ;;
		pwrite64:*", 8192, 0)"*) kind="initial meta pages" ;;
		pwrite64:*)		kind="single data page" ;;
		writev:*)		kind="run of data pages" ;;
		*)			kind="sync of data pages" ;;
		esac
		# Commit 0 creates the store; commit k is the workload's k-th.
		commit=$(grep -c ', 120, [0-9]*) *= 120$' "$D/trace")
		printf 'killpoints: %-9s #%-3d %-22s commit %2d, %2d acked: %s\n' \
		    "$s" "$n" "$kind" "$commit" "$acked" "${call:0:70}"
		if [ "$rc" -ne 137 ]; then
			fail "$s #$n: not killed (exit $rc): point not reached"
			continue
		fi
		killed=$((killed + 1))
		KIND["$s/$kind"]=$(( ${KIND["$s/$kind"]:-0} + 1 ))
		COMMIT_HIT[$commit]=1
		# I1: every acked seq is there; at most the killed commit more.
		head=$(head_seq)
		head=${head:-0}
		ok=1
		if [ "$head" -lt "$max" ] || [ "$head" -gt $((max + PER)) ]; then
			fail "$s #$n: acked up to $max, head $head"
			ok=0
		fi
		# I2: the store verifies (or, killed before its first commit,
		# reads as no store at all).
		if [ "$acked" -gt 0 ] || [ "$head" -gt 0 ]; then
			"$TOOL" -c "$D/k.ini" verify >"$D/verify" 2>&1 ||
			    { fail "$s #$n: verify after the kill"; cat "$D/verify"; ok=0; }
		else
			"$TOOL" -c "$D/k.ini" verify >"$D/verify" 2>&1 ||
			    grep -q "no store there" "$D/verify" ||
			    { fail "$s #$n: empty store unreadable"; cat "$D/verify"; ok=0; }
		fi
		# The workload finishes from where it stopped.
		"$WORKLOAD" "$D/data" "$D/k.key" "$COMMITS" >>"$D/acked" 2>"$D/err" ||
		    { fail "$s #$n: rerun failed: $(cat "$D/err")"; ok=0; }
		if [ "$(sort -n "$D/acked" | uniq | wc -l)" -ne "$TOTAL" ] ||
		    [ "$(wc -l <"$D/acked")" -ne "$TOTAL" ] ||
		    [ "$(head_seq)" != "$TOTAL" ]; then
			fail "$s #$n: after the rerun, acks are not 1..$TOTAL once each"
			ok=0
		fi
		"$TOOL" -c "$D/k.ini" verify >/dev/null 2>&1 ||
		    { fail "$s #$n: verify after the rerun"; ok=0; }
		[ "$ok" = 1 ] && passed=$((passed + 1))
	done
done

# 3. Coverage: every point killed; every kind of call and every commit hit.
echo "killpoints: coverage: $killed of $points points killed in $((SECONDS - start)) s"
for k in "${!KIND[@]}"; do
	echo "killpoints:   ${KIND[$k]} kills at $k"
done | sort
hit=0
for c in $(seq 0 "$COMMITS"); do
	[ -n "${COMMIT_HIT[$c]:-}" ] && hit=$((hit + 1))
done
echo "killpoints:   commits killed in: $hit of $((COMMITS + 1)) (0 = store creation)"
check "every point reached and killed" [ "$killed" -eq "$points" ]
check "every commit of the workload killed at least once" \
    [ "$hit" -eq $((COMMITS + 1)) ]
exercised() {
	[ "${COUNT[pwrite64]}" -gt 0 ] && [ "${COUNT[writev]}" -gt 0 ] &&
	    [ "${COUNT[fdatasync]}" -gt 0 ]
}
check "pwrite64, writev and fdatasync all exercised" exercised
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
