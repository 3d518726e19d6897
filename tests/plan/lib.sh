# lib.sh - helpers for the plan command tests, on top of the multi-node
# helpers (tests/multinode/lib.sh: private temp dir, ipc:// nodes, bounded
# waits, "N passed, N failed").  Source it after setting NODE and TOOL.
#
#   pl_run NODE ARGS...          samplan -c NODE.ini ARGS, output in $OUT/$ERR
#   pl_ok "what" NODE ARGS...    the command exits 0
#   pl_bad "what" FIELD NODE ARGS...
#                                exit 2, one line "samplan: ...FIELD: ..."
#                                on stderr, and NODE's feed did not grow
#   pl_has "what" TEXT           $OUT contains TEXT (fixed string)
#   pl_wait_head NODE FEED SEQ   bounded wait until NODE holds FEED up to SEQ
. "$(dirname "$0")/../multinode/lib.sh"

OUT=""
ERR=""
RC=0

pl_run() {
	local n=$1
	shift
	"$TOOL" -c "$D/$n.ini" "$@" >"$D/out" 2>"$D/err"
	RC=$?
	OUT=$(cat "$D/out")
	ERR=$(cat "$D/err")
}

pl_ok() {
	local what=$1
	shift
	pl_run "$@"
	[ "$RC" -eq 0 ] || { mn_log "$what: exit $RC: $ERR"; }
	mn_check "$what" [ "$RC" -eq 0 ]
}

pl_bad() {
	local what=$1 field=$2 n=$3 before after lines
	shift 3
	before=$(mn_head "$n" "$n")
	pl_run "$n" "$@"
	after=$(mn_head "$n" "$n")
	lines=$(printf '%s\n' "$ERR" | grep -c .)
	if [ "$RC" -ne 2 ] || [ "$lines" -ne 1 ] ||
	    ! printf '%s' "$ERR" | grep -q "^samplan: .*$field: " ||
	    [ "$before" != "$after" ]; then
		mn_log "$what: exit $RC, $lines lines, head $before -> $after:"
		printf '%s\n' "$ERR" | sed 's/^/    /'
		mn_check "$what" false
		return
	fi
	mn_check "$what (${ERR#samplan: })" true
}

pl_has() {
	local what=$1 text=$2
	if printf '%s\n' "$OUT" | grep -qF -- "$text"; then
		mn_check "$what" true
	else
		mn_log "$what: «$text» not in output:"
		printf '%s\n' "$OUT" | head -n 60 | sed 's/^/    /'
		mn_check "$what" false
	fi
}

pl_lacks() {
	local what=$1 text=$2
	if printf '%s\n' "$OUT" | grep -qF -- "$text"; then
		mn_log "$what: «$text» unexpectedly in output"
		mn_check "$what" false
	else
		mn_check "$what" true
	fi
}

pl_wait_head() {
	mn_wait_head "$1" "$2" "$3" 20
}
