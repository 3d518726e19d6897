#!/bin/bash
# manpages.sh - the manual pages (issue 12 item 3): each renders with
# `groff -ww -mandoc -Tutf8` without one warning, has EXIT STATUS, FILES,
# EXAMPLES and SEE ALSO, samplan(1) names every command `samplan --help`
# lists, and samplan.ini(5) every key `samplan-node -n -v` prints.
NODE=$1 TOOL=$2 WRITER=$3 VERSION=$4 SRC=$5
command -v groff >/dev/null || { echo "SKIP: no groff (apt-get install groff-base)"; exit 77; }
PASSED=0 FAILED=0
check() {
	local what=$1
	shift
	if "$@"; then
		PASSED=$((PASSED + 1))
		echo "manpages: ok: $what"
	else
		FAILED=$((FAILED + 1))
		echo "manpages: FAILED: $what"
	fi
}
D=$(mktemp -d "${TMPDIR:-/tmp}/samplan-man-XXXXXX")
trap 'rm -rf "$D"' EXIT
export LC_ALL=C.UTF-8
for page in samplan.1 samplan-node.8 samplan.ini.5; do
	f=$SRC/man/$page
	groff -ww -mandoc -Tutf8 "$f" >"$D/$page.txt" 2>"$D/$page.err"
	rc=$?
	check "$page renders (exit $rc) without warnings" \
	    eval '[ "$rc" -eq 0 ] && [ ! -s "$D/$page.err" ] && [ -s "$D/$page.txt" ]'
	[ -s "$D/$page.err" ] && cat "$D/$page.err"
	for s in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" FILES EXAMPLES "SEE ALSO"; do
		[ "$page" = samplan.ini.5 ] && [ "$s" = SYNOPSIS ] && continue
		check "$page has $s" grep -q "^\.Sh $s\$" "$f"
	done
	# The version lives in CMakeLists.txt alone, not in the pages.
	check "$page names no version of its own" grep -q "^\.Os samplan\$" "$f"
	# Plain text of the rendering, for the word checks below.
	sed 's/.\x08//g' "$D/$page.txt" >"$D/$page.plain"
done
for c in $("$TOOL" --help | awk '$1 == "samplan" && $2 == "-c" { print $4 }' | sort -u); do
	check "samplan(1) documents the command $c" grep -q "^\.It Cm $c\b" "$SRC/man/samplan.1"
done
# Every key the node prints for a full config, in every section.
keys=$("$NODE" -n -v -c "$SRC/dist/samplan.ini.example" | awk -F' = ' 'NF == 2 { print $1 }' | sort -u)
check "the example config prints at least 11 keys" [ "$(echo "$keys" | wc -l)" -ge 11 ]
for k in $keys; do
	check "samplan.ini(5) documents the key $k" grep -q "^\.It Ic $k No = " "$SRC/man/samplan.ini.5"
done
check "samplan.ini(5) gives map_size's limits and default" \
    eval 'grep -q "1048576" "$D/samplan.ini.5.plain" && grep -q "1099511627776" "$D/samplan.ini.5.plain" && grep -q "67108864" "$D/samplan.ini.5.plain"'
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
