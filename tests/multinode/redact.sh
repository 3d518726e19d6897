#!/bin/bash
# redact.sh - issue 9 end to end on three real nodes: a note with a name
# redacted by its author and another by the coordinator; the texts are
# gone from every data.mdb after compaction (grep -c); verify passes on
# all; a node offline during the redactions catches up and never shows
# the text; its stale full copies relayed late are dropped; a forged
# redaction (a member's, of another member's record) is refused and
# counted; views and history show "[fjernet DD.MM.YYYY: reason]".  A
# record whose only text is the name of who wrote it (--av) is redacted
# too.
NODE=$1 TOOL=$2 WRITER=$3 NEWER=$4
DIR=$(dirname "$0")
. "$DIR/../plan/lib.sh"
mn_init redact
export SAMPLAN_TODAY=2026-03-01

NAME_A="Ola Nordmann"
NAME_B="Kari Hansen"
AREAS="Målrettet forebygging; Tiltak mot sårbare grupper"

mn_region r koord "ka kb"
mn_link ka koord
mn_link kb koord
mn_render
for n in koord ka kb; do mn_start "$n"; done

# Count of NEEDLE in NODE's data.mdb (a fixed string, as bytes).
in_file() {
	grep -c -a -F -- "$2" "$D/$1/data.mdb"
}

# Seq of the record a write command printed ("... recorded as NODE#SEQ").
printed_seq() {
	printf '%s\n' "$OUT" | sed -n 's/.*recorded as [a-z0-9-]*#\([0-9]*\).*/\1/p'
}

pl_ok "coordinator: plan" koord plan set --set "tittel=Handlingsplan" \
    --set periode=2024-2027 --set state=vedtatt --set "innsatsomrader=$AREAS" \
    --set vedtak.organ=Regionrådet --set vedtak.dato=25.04.2024 \
    --set vedtak.saksnr=12/24
pl_wait_head ka koord "$(mn_head koord koord)"
pl_wait_head kb koord "$(mn_head koord koord)"
pl_ok "ka: local measure" ka measure add ka-L-01 \
    --set "innsatsomrade=Målrettet forebygging" --set "tittel=Samtalegrupper"
pl_ok "kb: local measure" kb measure add kb-L-01 \
    --set "innsatsomrade=Tiltak mot sårbare grupper" --set "tittel=Trygg bolig"
pl_run ka --av "Åse Ødegård" report ka-L-01 --period 2025 --status igangsatt \
    --note "Samtale med mor til $NAME_A – æøå"
pl_has "ka's report printed as ka#SEQ" "recorded as ka#"
SEQ_A=$(printed_seq)
pl_bad "a fødselsnummer in a note is refused" note ka report ka-L-01 \
    --period 2025 --status igangsatt --note "Mor, fnr 150589 12317"
pl_bad "a fødselsnummer as --av is refused" av ka --av "15058912317" \
    report ka-L-01 --period 2025 --status igangsatt
printf 'id,innsatsomrade,tittel,beskrivelse\nGR-X-01,Målrettet forebygging,Samtaler,"Mor, fnr 15058912317"\n' >"$D/fnr.csv"
before=$(mn_head koord koord)
pl_run koord import "$D/fnr.csv"
import_refused() {
	[ "$RC" -eq 2 ] && [ "$(mn_head koord koord)" = "$before" ] &&
	    printf '%s' "$ERR" | grep -q "fnr.csv:2:4: beskrivelse: ser ut som et fødselsnummer"
}
mn_check "an import with a fødselsnummer is refused, nothing written" import_refused
ANSWER=$("$NEWER" "$D/ka" --send-note ka-L-01 "Mor, fnr 45058912410")
mn_check "the control socket refuses one too ($ANSWER)" \
    [ "${ANSWER#error: note: ser ut som et fødselsnummer}" != "$ANSWER" ]
pl_ok "an account number in 4.2.5 is not" ka report ka-L-01 --period 2024 \
    --status igangsatt --note "Tilskudd til konto 1505.89.12317"
pl_ok "kb: report with a name" kb report kb-L-01 --period 2025 \
    --status igangsatt --note "Henvendelse fra $NAME_B"
SEQ_B=$(printed_seq)
# A record whose only free text is who wrote it: the name is redactable.
NAME_C="Per Øyvind Aktørsen"
pl_ok "ka: a report whose only text is its writer" ka --av "$NAME_C" \
    report ka-L-01 --period 2024 --status gjennomført
SEQ_C=$(printed_seq)
mn_check "all three converge" mn_wait_converged 30 koord ka kb
mn_check "koord holds «$NAME_C» before" [ "$(in_file koord "$NAME_C")" -ge 1 ]
holds_both() {
	[ "$(in_file "$1" "$NAME_A")" -ge 1 ] && [ "$(in_file "$1" "$NAME_B")" -ge 1 ]
}
for n in koord ka kb; do
	mn_check "$n holds both names before" holds_both "$n"
	mn_check "$n verifies before" "$TOOL" -c "$D/$n.ini" verify
done
pl_run koord history ka-L-01
pl_has "history shows who wrote it (--av and OS user)" \
    "Åse Ødegård ($(id -un))"

want_mode=600
getent group samplan >/dev/null && want_mode=660
mn_check "control socket mode $want_mode (660 only when a samplan group exists)" \
    [ "$(stat -c %a "$D/ka/control.sock")" = "$want_mode" ]

# kb goes offline; its stopped store is the stale copy that comes back.
mn_stop kb

pl_bad "a member may not redact another member's record" feed ka \
    redact "kb#$SEQ_B" --reason "ikke min"
pl_bad "redact needs NODE#SEQ" redact ka redact "ka-12" --reason x
pl_bad "redact needs a reason" redact ka redact "ka#$SEQ_A"
pl_ok "ka redacts its own note" ka redact "ka#$SEQ_A" --reason "Navn på privatperson"
pl_has "the redaction is printed as ka#SEQ" "recorded as ka#"
pl_ok "ka redacts the writer's name of a record with no other text" ka \
    redact "ka#$SEQ_C" --reason "Navn på privatperson"
pl_ok "the coordinator redacts kb's note" koord redact "kb#$SEQ_B" \
    --reason "Taushetsbelagt opplysning"
pl_bad "a record is redacted once" redact koord redact "kb#$SEQ_B" --reason igjen
mn_check "koord holds ka's redaction" mn_wait_head koord ka "$(mn_head ka ka)" 30
pl_ok "koord compacts on request" koord compact
pl_has "compact reports the file sizes" "compact: data.mdb"
pl_ok "ka compacts on request" ka compact
for n in koord ka; do
	mn_check "$n: «$NAME_A» gone from data.mdb" [ "$(in_file $n "$NAME_A")" -eq 0 ]
	mn_check "$n: «$NAME_B» gone from data.mdb" [ "$(in_file $n "$NAME_B")" -eq 0 ]
	mn_check "$n: «$NAME_C» gone from data.mdb" [ "$(in_file $n "$NAME_C")" -eq 0 ]
	mn_check "$n verifies after" "$TOOL" -c "$D/$n.ini" verify
done

pl_run koord history ka-L-01
pl_has "history shows the removed text in its place" "[fjernet "
pl_has "history shows the redaction and its reason" "fjernet tekst i ka#$SEQ_A: Navn på privatperson"
mn_check "history does not show the name" [ -z "$(printf '%s' "$OUT" | grep -F "$NAME_A")" ]
pl_run koord history kb-L-01
pl_has "a coordinator's redaction is shown as the exception" "unntak: koordinatoren koord"
pl_run koord plan show --kommune kb --json
pl_has "the plan view shows the removed note in its place" '"note": "[fjernet '
mn_check "the plan view does not show the name" [ -z "$(printf '%s' "$OUT" | grep -F "$NAME_B")" ]

# kb comes back with both full texts: it catches up, strips, compacts,
# and its stale full copies are dropped by the others.
mn_start kb
mn_check "kb catches up" mn_wait_converged 30 koord ka kb
pl_ok "kb compacts" kb compact
for n in koord ka kb; do
	mn_check "$n: «$NAME_A» absent after kb's late relay" \
	    [ "$(in_file $n "$NAME_A")" -eq 0 ]
	mn_check "$n: «$NAME_B» absent after kb's late relay" \
	    [ "$(in_file $n "$NAME_B")" -eq 0 ]
	mn_check "$n verifies at the end" "$TOOL" -c "$D/$n.ini" verify
done
pl_run kb history ka-L-01
mn_check "kb never shows the text" [ -z "$(printf '%s' "$OUT" | grep -F "$NAME_A")" ]
pl_has "kb shows the removal" "[fjernet "

# A forged redaction: ka signs one of kb's records; koord refuses it.
mn_stop ka
KB_KEY=$(cat "$D/kb.pub")
FORGED=$("$NEWER" "$D/ka" "$D/ka.key" --redact "$KB_KEY" 1)
mn_check "a forged redaction written into ka's feed (ka#$FORGED)" [ -n "$FORGED" ]
mn_start ka
forbidden() {
	"$TOOL" -c "$D/koord.ini" status --json | grep -q '"EFORBIDDEN"'
}
wait_forbidden() {
	local i
	for i in $(seq 1 100); do forbidden && return 0; sleep 0.2; done
	return 1
}
mn_check "koord refuses and counts the forged redaction" wait_forbidden
mn_check "koord did not take ka's forged record" \
    [ "$(mn_head koord ka)" -lt "$FORGED" ]
mn_check "kb's record keeps its redaction by koord only" \
    "$TOOL" -c "$D/koord.ini" verify
mn_finish
