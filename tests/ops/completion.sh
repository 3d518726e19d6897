#!/bin/bash
# completion.sh - bash completion (issue 12 item 3): commands, options and
# measure ids, the last read from a real node's store.
NODE=$1 TOOL=$2 WRITER=$3 VERSION=$4 SRC=$5
. "$(dirname "$0")/../multinode/lib.sh"
mn_init completion
. "$SRC/dist/completion/samplan.bash"
# The completion calls `samplan`: the one under test.
samplan() { "$TOOL" "$@"; }

# complete WORDS...: the candidates for the last word, sorted, one line.
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	case $1 in
	samplan) _samplan ;;
	samplan-node) _samplan_node ;;
	esac
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}
mn_check "commands: samplan st -> status" [ "$(complete_words samplan st)" = "status " ]
mn_check "commands: samplan im -> import import-decisions import-reports" \
    [ "$(complete_words samplan im)" = "import import-decisions import-reports " ]
mn_check "every command of --help completes" eval \
    'for c in $("$TOOL" --help | awk '"'"'$1 == "samplan" && $2 == "-c" { print $4 }'"'"' | sort -u); do
	    complete_words samplan "" | grep -qw -- "$c" || exit 1; done'
mn_check "options: samplan check --max -> --max-down --max-lag" \
    [ "$(complete_words samplan check --max)" = "--max-down --max-lag " ]
mn_check "options: samplan keygen --o -> --out --owner" \
    [ "$(complete_words samplan keygen --o)" = "--out --owner " ]
mn_check "options: samplan plan --wi -> --with (plan compare)" \
    [ "$(complete_words samplan plan --wi)" = "--with " ]
mn_check "subcommands: samplan plan com -> compare" \
    [ "$(complete_words samplan plan com)" = "compare " ]
mn_check "options: samplan-node --ver -> --verbose --version" \
    [ "$(complete_words samplan-node --ver)" = "--verbose --version " ]

mn_region region koord "k1"
mn_render
mn_start koord
"$TOOL" -c "$D/koord.ini" import "$SRC/tests/data/golden-tiltak.csv" >"$D/import.out" 2>&1
mn_check "the coordinator imported the measures" [ $? -eq 0 ]
mn_check "measure ids: history GR-MF-0 completes from the store" \
    eval 'complete_words samplan -c "$D/koord.ini" history GR-MF-0 | grep -q "GR-MF-01 "'
mn_check "measure ids: measure edit completes them" \
    eval 'complete_words samplan -c "$D/koord.ini" measure edit GR-MF | grep -q "GR-MF-01"'
mn_finish
