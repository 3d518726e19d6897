#!/bin/bash
# audit.sh - what an auditor reads must say what happened: `history`
# names a retired measure as avsluttet with its reason and a reinstated
# one as hentet tilbake, and shows a report's verdi and how it changed.
# A refused command never reads as if it had succeeded.  Text that
# would act on a reader's terminal (ESC, BEL, a lone CR, ...) is refused
# on every write path, the --av name included; line breaks in a note
# are kept.
NODE=$1 TOOL=$2
DATA=$(cd "$(dirname "$0")/../data" && pwd)
. "$(dirname "$0")/lib.sh"
mn_init plan-audit
export SAMPLAN_TODAY=2025-11-01

mn_region r koord "ka"
mn_link ka koord
mn_render
for n in koord ka; do mn_start "$n"; done

pl_ok "regional plan" koord plan set --set "tittel=Handlingsplan" --set periode=2024-2027 \
    --set "innsatsomrader=Målrettet forebygging; Likeverdige og sammenhengende tjenester; Tiltak mot sårbare grupper"
pl_ok "regional measures" koord import "$DATA/golden-tiltak.csv"

# ---- history: retire and reinstate say what they did
pl_ok "retire" koord measure retire GR-SG-06 --reason "slått sammen"
pl_ok "reinstate" koord measure reinstate GR-SG-06
pl_ok "history of the measure" koord history GR-SG-06
pl_has "history: retired, with the reason" "avsluttet: slått sammen (av "
pl_has "history: reinstated" "hentet tilbake (av "
pl_lacks "history: a retire is no withdrawn report" "trukket tilbake"
pl_lacks "history: a reinstate is a change" "ingen endring"
pl_ok "history --csv of the measure" koord history GR-SG-06 --csv
pl_has "history csv: retired, with the reason" "avsluttet: slått sammen"

# ---- history: a report's verdi, and its change within one period
pl_wait_head ka koord "$(mn_head koord koord)"
pl_ok "report with verdi 40" ka report GR-MF-01 --period 2025 --status igangsatt --verdi 40 --note "Første kull"
pl_ok "report with verdi 90,5" ka report GR-MF-01 --period 2025 --status igangsatt --verdi 90,5
pl_ok "history of the reports" ka history GR-MF-01
pl_has "history: the first verdi" "2025: igangsatt, verdi 40 — Første kull"
pl_has "history: the verdi's change" "2025: igangsatt, verdi 40 → 90,5"
pl_has "history: the note dropped is named" "90,5 — merknad fjernet"
pl_ok "history --csv of the reports" ka history GR-MF-01 --csv
pl_has "history csv: the verdi's change" "2025: igangsatt, verdi 40 → 90,5"
pl_ok "withdraw the report" ka report GR-MF-01 --period 2025 --withdraw --reason "feil tiltak"
pl_ok "a new report after the withdrawal" ka report GR-MF-01 --period 2025 --status gjennomført --verdi 95
pl_run ka history GR-MF-01
pl_has "history: the withdrawal" "2025: trukket tilbake — feil tiltak"
pl_has "history: a report after a withdrawal stands alone" "2025: gjennomført, verdi 95 (av "

# ---- control characters: refused with the field named, nothing written
ESC=$(printf '\033')
pl_bad "a tittel with ESC, BEL and a tab" tittel koord measure add GR-T-02 \
    --set "innsatsomrade=Målrettet forebygging" --set "tittel=$(printf 'a\tb\033[31mRED\a')"
mn_check "the reason says what is wrong" grep -q 'contains a control character' "$D/err"
pl_bad "a beskrivelse with ESC" beskrivelse koord measure edit GR-MF-01 --set "beskrivelse=x${ESC}[2J"
pl_bad "an --av with ESC" av koord --av "Kari${ESC}[2J" measure edit GR-MF-01 --set frist=2026
pl_bad "an --av over two lines" av koord --av "$(printf 'Kari\nOla')" measure edit GR-MF-01 --set frist=2026
pl_bad "a retire reason with ESC" reason koord measure retire GR-MF-04 --reason "slått sammen${ESC}[2J"
pl_bad "a note with a lone CR" note ka report GR-MF-04 --period 2025 --status igangsatt --note "$(printf 'ok\rfalsk')"
pl_bad "a decline reason with DEL" reason ka decline GR-LS-03 --reason "$(printf 'nei\177')"
pl_bad "a plan tittel with ESC" tittel koord plan set --set "tittel=Plan${ESC}[31m"
printf 'id,innsatsomrade,tittel\nGR-T-03,Målrettet forebygging,"T%s[31m"\n' "$ESC" >"$D/esc.csv"
before=$(mn_head koord koord)
pl_run koord import "$D/esc.csv"
mn_check "an import with ESC in a tittel is refused (exit $RC)" [ "$RC" -eq 2 ]
mn_check "the import's refusal names the field" grep -q 'tittel: contains a control character' "$D/err"
mn_check "nothing written for the refused import" [ "$(mn_head koord koord)" = "$before" ]
printf 'tiltak,periode,status,merknad\nGR-LS-02,2025,igangsatt,"a%s]0;x%s"\n' "$ESC" "$(printf '\a')" >"$D/esc-rep.csv"
before=$(mn_head ka ka)
pl_run ka import-reports "$D/esc-rep.csv"
mn_check "a report import with ESC in a note is refused (exit $RC)" [ "$RC" -eq 2 ]
mn_check "nothing written for the refused report import" [ "$(mn_head ka ka)" = "$before" ]
pl_ok "a note over two lines, with a tab" ka report GR-MF-04 --period 2025 --status igangsatt \
    --note "$(printf 'Første linje\r\nandre linje\n\tinnrykket')"
pl_ok "an --av name" koord --av "Kari Nordmann" measure edit GR-MF-04 --set frist=2026
pl_run koord history GR-MF-04
pl_has "history: who, by --av" "(av Kari Nordmann ("
pl_lacks "history: no ESC reached the output" "$ESC"

# ---- a refused alerts ack does not say "acknowledged"
pl_bad "ack of an alert that is not there" alert koord alerts ack nosuch --reason x
mn_check "the refusal names the alert" grep -q "no alert «nosuch» now" "$D/err"
mn_check "the refusal does not claim the ack" sh -c "! grep -q acknowledged '$D/err'"
mn_finish
