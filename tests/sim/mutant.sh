#!/bin/sh
# mutant.sh - proves the U2 simulation can fail: each known bug injected
# with --mutant must be reported as a violation (FAIL seed=...) within
# the first 200 seeds (the run stops at the first).  usage: mutant.sh
# PATH_TO_SIM
SIM=${1:?usage: mutant.sh PATH_TO_SIM}
passed=0
failed=0
for m in gap noretransmit stalehead peerclock resetflood; do
	out=$("$SIM" --seeds 200 --stop --mutant "$m")
	rc=$?
	first=$(printf '%s\n' "$out" | grep -m1 '^FAIL seed=')
	if [ "$rc" -eq 1 ] && [ -n "$first" ]; then
		passed=$((passed + 1))
		echo "sim_mutant: ok: mutant $m found: $first"
	else
		failed=$((failed + 1))
		echo "sim_mutant: FAILED: mutant $m not found (exit $rc)"
		printf '%s\n' "$out" | tail -n 3
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
