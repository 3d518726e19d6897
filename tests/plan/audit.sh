#!/bin/bash
# audit.sh - what an auditor reads must say what happened: `history`
# names a retired measure as avsluttet with its reason and a reinstated
# one as hentet tilbake, and shows a report's verdi and how it changed.
# A refused command never reads as if it had succeeded.
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

# ---- a refused alerts ack does not say "acknowledged"
pl_bad "ack of an alert that is not there" alert koord alerts ack nosuch --reason x
mn_check "the refusal names the alert" grep -q "no alert «nosuch» now" "$D/err"
mn_check "the refusal does not claim the ack" sh -c "! grep -q acknowledged '$D/err'"
mn_finish
