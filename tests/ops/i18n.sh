#!/bin/bash
# i18n.sh - Norwegian for people (issue 12 item 9): the catalogs are
# complete and well-formed; `samplan` speaks bokmål under a Norwegian
# LANG, nynorsk under LANGUAGE=nn and English under C; its errors (a bad
# command, status of a node that is not running, a bad config) follow;
# the node's log honours [node] language whatever its environment.
#
# The nb_NO.UTF-8 locale is generated into the test's own directory with
# localedef and found through LOCPATH (no root, nothing installed);
# without msgfmt or localedef the test skips with exit 77 and says why.
NODE=$1 TOOL=$2 WRITER=$3 VERSION=$4 SRC=$5 LOCALEDIR=$6
. "$(dirname "$0")/../multinode/lib.sh"

skip() {
	echo "i18n: SKIP: $*"
	exit 77
}
command -v msgfmt >/dev/null || skip "msgfmt not installed (Debian: gettext)"
command -v localedef >/dev/null || skip "localedef not installed (Debian: locales)"
[ -f "$LOCALEDIR/nb/LC_MESSAGES/samplan.mo" ] ||
    skip "no compiled catalog in $LOCALEDIR (built without msgfmt)"

mn_init i18n
export SAMPLAN_LOCALEDIR=$LOCALEDIR
# Nothing from the caller's environment decides the language here.
unset LANGUAGE LC_ALL LC_MESSAGES LANG

mkdir -p "$D/locale"
localedef -i nb_NO -f UTF-8 "$D/locale/nb_NO.UTF-8" >"$D/localedef.out" 2>&1
[ -d "$D/locale/nb_NO.UTF-8" ] ||
    { cat "$D/localedef.out"; skip "localedef cannot make nb_NO.UTF-8 here"; }

# nb ARGS...: runs samplan's ARGS under the bokmål locale.
nb() {
	LOCPATH=$D/locale LANG=nb_NO.UTF-8 "$@"
}
nn() {
	LOCPATH=$D/locale LANG=nb_NO.UTF-8 LANGUAGE=nn "$@"
}
run() {
	"$@" >"$D/out" 2>"$D/err"
	RC=$?
}

# The catalogs: well-formed, and bokmål complete.
for lang in nb nn; do
	mn_check "msgfmt -c accepts po/$lang.po" \
	    msgfmt -c -o /dev/null "$SRC/po/$lang.po"
done
stats=$(msgfmt --statistics -o /dev/null "$SRC/po/nb.po" 2>&1)
mn_log "nb.po: $stats"
mn_check "every msgid of nb.po is translated, none fuzzy" eval \
    'echo "$stats" | grep -q "translated message" &&
     ! echo "$stats" | grep -Eq "untranslated|fuzzy"'
# Every text the sources mark (po/samplan.pot) is in nb.po: after adding
# one, run `cmake --build build --target update-po` and translate it.
if command -v xgettext >/dev/null && command -v msgcmp >/dev/null; then
	(cd "$SRC" && xgettext --language=C --from-code=UTF-8 --keyword=_ \
	    --keyword=N_ --keyword=tool_error \
	    --keyword=ctx_error:3 -o "$D/a.pot" \
	    daemon/*.[ch] tools/*.[ch] &&
	    xgettext --language=C --from-code=UTF-8 \
	    --keyword=config_report:4 --keyword=report_line:2 \
	    -o "$D/b.pot" daemon/config.c daemon/config_value.c) 2>/dev/null
	msgcat -o "$D/src.pot" "$D/a.pot" "$D/b.pot" 2>/dev/null
	mn_check "nb.po has every text the sources mark for translation" \
	    msgcmp "$SRC/po/nb.po" "$D/src.pot"
fi

# samplan under a Norwegian locale.
run nb "$TOOL" --help
mn_check "LANG=nb_NO.UTF-8 samplan --help: bokmål on stdout, exit 0" eval \
    '[ "$RC" -eq 0 ] && grep -q "^bruk: samplan" "$D/out" &&
     grep -q "Avslutningsstatus" "$D/out" && [ ! -s "$D/err" ]'
run nb "$NODE" --help
mn_check "LANG=nb_NO.UTF-8 samplan-node --help: bokmål, exit 0" eval \
    '[ "$RC" -eq 0 ] && grep -q "^bruk: samplan-node" "$D/out" &&
     grep -q "Kjører én samplan-node" "$D/out"'
run nb "$TOOL" status --help
mn_check "samplan status --help explains in bokmål" eval \
    '[ "$RC" -eq 0 ] && grep -q "Spør den kjørende noden" "$D/out"'
# Every command's help is translated: a help text added without N_()
# (or not yet in nb.po) reads the same in both languages.
untranslated=
for c in $("$TOOL" --help | awk '$1 == "samplan" && $2 == "-c" { print $4 }' | sort -u); do
	en=$("$TOOL" "$c" --help | sed 1d)
	no=$(nb "$TOOL" "$c" --help | sed 1d)
	[ -n "$en" ] && [ "$en" = "$no" ] && untranslated="$untranslated $c"
done
mn_check "every command's --help is in bokmål (not:${untranslated:- none})" \
    [ -z "$untranslated" ]
run nb "$TOOL" frobnicate
mn_check "a bad command: a bokmål usage error, exit 2" eval \
    '[ "$RC" -eq 2 ] && grep -q "ukjent kommando «frobnicate»" "$D/err"'
run nn "$TOOL" frobnicate
mn_check "LANGUAGE=nn: the usage error in nynorsk" eval \
    '[ "$RC" -eq 2 ] && grep -q "ukjend kommando «frobnicate»" "$D/err"'
run "$TOOL" frobnicate
mn_check "no LANG: English" eval \
    '[ "$RC" -eq 2 ] && grep -q "unknown command «frobnicate»" "$D/err"'
run env LANG=C LANGUAGE=nb "$TOOL" frobnicate
mn_check "LANG=C: English (gettext ignores LANGUAGE under C)" eval \
    '[ "$RC" -eq 2 ] && grep -q "unknown command" "$D/err"'

mn_region region koord "k1"
mn_link k1 koord
mn_render
run nb "$TOOL" -c "$D/koord.ini" status
mn_check "status of a node that is not running: bokmål, exit 3" eval \
    '[ "$RC" -eq 3 ] && grep -q "noden koord kjører ikke" "$D/err"'
run nn "$TOOL" -c "$D/koord.ini" status
mn_check "the same in nynorsk" eval \
    '[ "$RC" -eq 3 ] && grep -q "noden koord køyrer ikkje" "$D/err"'
run "$TOOL" -c "$D/koord.ini" status
mn_check "the same in English" eval \
    '[ "$RC" -eq 3 ] && grep -q "node koord is not running" "$D/err"'

# Config errors, from either program.
printf '[node]\nname = x\nfrobnicate = 1\nlanguage = fr\n' >"$D/bad.ini"
run nb "$NODE" -n -c "$D/bad.ini"
mn_check "samplan-node -n: config errors in bokmål" eval \
    '[ "$RC" -ne 0 ] && grep -q "\[node\] frobnicate: ukjent nøkkel" "$D/err" &&
     grep -q "\[node\] language: «fr»: må være nb (bokmål), nn (nynorsk) eller en" "$D/err"'
run "$NODE" -n -c "$D/bad.ini"
mn_check "... and in English without a Norwegian LANG" eval \
    'grep -q "\[node\] frobnicate: unknown key" "$D/err" &&
     grep -q "\[node\] language: .fr.: must be nb" "$D/err"'

# The node's log speaks [node] language, in an English environment
# (LANG unset, as a service under C has it) and under C.UTF-8.
echo "language = nb" >"$D/k1.lang"
sed -i '/^key = /r '"$D/k1.lang" "$D/k1.ini"
mn_check "samplan-node -n -v prints language = nb" eval \
    '"$NODE" -n -v -c "$D/k1.ini" | grep -qx "language = nb"'
echo "language = nn" >"$D/koord.lang"
sed -i '/^key = /r '"$D/koord.lang" "$D/koord.ini"
mn_start koord
LANG=C.UTF-8 mn_start k1
mn_check "[node] language = nb: the start-up line in bokmål" \
    mn_wait_log k1 "samplan-node $VERSION: noden k1 er klar, nøkkel $(cat "$D/k1.pub")" 10
mn_check "[node] language = nn: the start-up line in nynorsk" \
    mn_wait_log koord "samplan-node $VERSION: noden koord er klar, .*lyttar på ipc://" 10
run "$TOOL" -c "$D/koord.ini" status
mn_check "status for an English user stays English" eval \
    '[ "$RC" -eq 0 ] && grep -q "^node koord, samplan $VERSION, up" "$D/out" &&
     grep -q "^PEER" "$D/out"'
run nb "$TOOL" -c "$D/koord.ini" status
mn_check "status for a bokmål user: bokmål labels" eval \
    '[ "$RC" -eq 0 ] && grep -q "^node koord, samplan $VERSION, oppe i" "$D/out" &&
     grep -q "^NABONODE" "$D/out"'
run nb "$TOOL" -c "$D/koord.ini" status --json
mn_check "status --json is the same in every language" eval \
    '[ "$RC" -eq 0 ] && grep -q "\"version\": \"$VERSION\"" "$D/out" &&
     ! grep -q "oppe" "$D/out"'
# The node (logging in nynorsk) answers in English, the source; the tool
# says it in its own user's language.
long=$(printf 'x%.0s' $(seq 1 200))
run nb "$TOOL" -c "$D/koord.ini" --av "$long" measure add GR-1 \
    --set tittel=T --set innsatsomrade=A
mn_check "the node's refusal of a write, in the tool user's bokmål" eval \
    '[ "$RC" -eq 2 ] && grep -q "av: lengre enn 128 byte" "$D/err"'
run "$TOOL" -c "$D/koord.ini" --av "$long" measure add GR-1 \
    --set tittel=T --set innsatsomrade=A
mn_check "... and in English for an English user" eval \
    '[ "$RC" -eq 2 ] && grep -q "av: longer than 128 bytes" "$D/err"'
run nb "$TOOL" -c "$D/koord.ini" measure add GR-1 --set tittel=T \
    --set innsatsomrade=A --set frist=snart
mn_check "a bad field, checked by the tool itself, in bokmål" eval \
    '[ "$RC" -eq 2 ] && grep -q "frist: «snart»: ikke en frist" "$D/err"'
run nb "$TOOL" -c "$D/koord.ini" metrics
mn_check "metrics under a Norwegian locale: numbers with a point, not a comma" eval \
    '[ "$RC" -eq 0 ] && grep -q "^samplan_" "$D/out" &&
     ! grep -v "^#" "$D/out" | grep -Eq " [0-9.e+-]*,[0-9]"'
mn_stop k1
mn_check "the node's stop line in bokmål" grep -q "samplan-node: avslutter" "$D/k1.log"
mn_finish
