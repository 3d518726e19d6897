#!/bin/bash
# traps.sh - no silent loss (issue 10 item 6), each trap a regression
# test on real nodes: a partial-column import changes only its columns
# and the kommuner keep the rest; a report for a period that has not
# begun, or before the plan period, is refused; a report can be
# withdrawn with a reason and stays in the history; a retired measure
# stays visible as avsluttet with its results, its reports can be
# withdrawn, periods that ended before it was retired still reported,
# and it can be reinstated;
# an adopted plan state needs its vedtak and adoption choice; a new id
# that differs from a known one only in case (æøå too) is refused.
NODE=$1 TOOL=$2
DATA=$(cd "$(dirname "$0")/../data" && pwd)
. "$(dirname "$0")/lib.sh"
mn_init plan-traps
export SAMPLAN_TODAY=2025-11-01

mn_region r koord "ka"
mn_title ka "Kommune A kommune" 0301
mn_link ka koord
mn_render
for n in koord ka; do mn_start "$n"; done

pl_ok "regional plan" koord plan set --set "tittel=Handlingsplan" --set periode=2024-2027 \
    --set "innsatsomrader=Målrettet forebygging; Likeverdige og sammenhengende tjenester; Tiltak mot sårbare grupper"
pl_ok "regional measures" koord import "$DATA/golden-tiltak.csv"
pl_wait_head ka koord "$(mn_head koord koord)"

# ---- an adopted state needs its vedtak and the adoption choice
pl_bad "vedtatt without a vedtak" vedtak.organ ka plan set --set state=vedtatt
mn_check "the message says what is missing" grep -q 'needs the vedtak' "$D/err"
pl_bad "vedtatt without a date" vedtak.dato ka plan set --set state=vedtatt --set vedtak.organ=Kommunestyret
pl_bad "vedtatt without the adoption choice" adopt-regional ka plan set --set state=vedtatt \
    --set vedtak.organ=Kommunestyret --set vedtak.dato=20.06.2024
mn_check "the message names --adopt-regional" grep -q -- '--adopt-regional' "$D/err"
pl_ok "vedtatt with vedtak and adoption" ka plan set --set state=vedtatt \
    --set vedtak.organ=Kommunestyret --set vedtak.dato=20.06.2024 --adopt-regional

# ---- a partial-column import changes only its columns
printf 'id;frist\r\nGR-MF-04;31.12.2026\r\nGR-LS-03;2026\r\n' >"$D/frist.csv"
pl_ok "import of two columns" koord import "$D/frist.csv"
pl_has "two measures changed" "0 new, 2 changed, 0 unchanged"
pl_has "the columns left alone are named" "columns not in the file, left as they were: innsatsomrade, tittel, beskrivelse, ansvar, samarbeidspartnere, indikator, malgruppe"
pl_wait_head ka koord "$(mn_head koord koord)"
pl_run ka plan show --csv
pl_has "the kommune sees the new frist" "GR-MF-04,Målrettet forebygging,Sunne kjæresteforhold på ungdomstrinnet,"
pl_has "and keeps the other fields" "Rektor ungdomsskole; Helsesykepleier"
pl_has "frist given as 31.12.2026 stored as ISO" "2026-12-31"
pl_run ka export --regional
pl_lacks "no blanked titles reach the kommune" "GR-LS-03,Likeverdige og sammenhengende tjenester,,"
printf 'id,frist\nGR-NY-01,2026\n' >"$D/new.csv"
before=$(mn_head koord koord)
pl_run koord import "$D/new.csv"
mn_check "a new id in a partial file is refused" [ "$RC" -eq 2 ]
mn_check "the refusal names the missing field" grep -q 'GR-NY-01 is new, so the file needs its' "$D/err"
mn_check "nothing written for a refused partial file" [ "$(mn_head koord koord)" = "$before" ]

# ---- reports: periods that cannot be, and withdrawal
pl_bad "a report for 2035 (not begun)" period ka report GR-MF-01 --period 2035 --status igangsatt
mn_check "the message says it has not begun" grep -q '2035 has not begun' "$D/err"
pl_bad "a report for 2025H2's successor 2026H1" period ka report GR-MF-01 --period 2026H1 --status igangsatt
pl_bad "a report before the plan period" period ka report GR-MF-01 --period 2023 --status igangsatt
mn_check "the message names the plan period" grep -q 'before the plan period, which begins in 2024' "$D/err"
pl_ok "a report for this year" ka report GR-MF-01 --period 2025 --status gjennomført --note "Feil: gjaldt GR-MF-04"
pl_ok "a report for last year" ka report GR-MF-01 --period 2024 --status igangsatt
pl_bad "withdraw without a reason" reason ka report GR-MF-01 --period 2025 --withdraw
pl_bad "withdraw of a report that is not there" period ka report GR-LS-03 --period 2025 --withdraw --reason "x"
pl_bad "withdraw with a status" withdraw ka report GR-MF-01 --period 2025 --withdraw --status igangsatt
pl_ok "withdraw the 2025 report" ka report GR-MF-01 --period 2025 --withdraw --reason "Registrert på feil tiltak"
pl_run ka plan show --period 2025
pl_has "after withdrawal the 2024 report is the status" "igangsatt (2024)"
pl_lacks "the withdrawn note is gone from the view" "Feil: gjaldt GR-MF-04"
pl_run ka history GR-MF-01
pl_has "history keeps the withdrawn report" "gjennomført — Feil: gjaldt GR-MF-04"
pl_has "history shows the withdrawal" "trukket tilbake — Registrert på feil tiltak"
pl_bad "a withdrawn record cannot be withdrawn twice" period ka report GR-MF-01 --period 2025 --withdraw --reason "igjen"

# ---- retire keeps the measure and its results; reinstate undoes it
pl_ok "ka reports GR-SG-06" ka report GR-SG-06 --period 2025 --status løpende --note "To kull i år"
pl_wait_head koord ka "$(mn_head ka ka)"
pl_bad "retire without a reason" reason koord measure retire GR-SG-06
pl_ok "retire with a reason" koord measure retire GR-SG-06 --reason "Overtatt av introduksjonsprogrammet"
pl_wait_head ka koord "$(mn_head koord koord)"
pl_run koord region --period 2025
pl_has "region: the retired measure stays, marked" "GR-SG-06  (avsluttet) Vold og norsk lov"
pl_has "region: its result stays" "løpende (2025)"
pl_has "region: the reason is shown" "Overtatt av introduksjonsprogrammet"
pl_run ka plan show
pl_has "kommune: avsluttet with the reason" "avsluttet: Overtatt av introduksjonsprogrammet"
pl_bad "no new reports on an avsluttet measure" measure ka report GR-SG-06 --period 2025 --status gjennomført
mn_check "the refusal says what can be done" grep -q -- '--withdraw --reason TEXT takes a report back, and koord can bring the measure back with samplan measure reinstate GR-SG-06' "$D/err"
pl_ok "a wrong report of an avsluttet measure can be withdrawn" ka report GR-SG-06 --period 2025 --withdraw --reason "Feil tiltak"
pl_ok "and a period that ended before it was retired reported" ka report GR-SG-06 --period 2024 --status gjennomført
pl_bad "an avsluttet measure cannot be edited" measure koord measure edit GR-SG-06 --set frist=2027
pl_bad "reinstate of an active measure" measure koord measure reinstate GR-MF-01
pl_ok "reinstate" koord measure reinstate GR-SG-06
pl_wait_head ka koord "$(mn_head koord koord)"
pl_run ka plan show
pl_lacks "reinstated: no longer avsluttet" "avsluttet: Overtatt"
pl_ok "reports again after reinstate" ka report GR-SG-06 --period 2025 --status gjennomført

# ---- a mistyped year is refused with a reason, not stored
pl_bad "a plan period of 49 years" periode koord plan set --set periode=2024-2072
pl_bad "a plan period of 16 years" periode koord plan set --set periode=2020-2035
mn_check "the message calls it a typo" grep -q 'more than 12 years: a typo' "$D/err"
pl_bad "a vedtak in 1924" vedtak.dato ka plan set --set vedtak.dato=14.03.1924
mn_check "the message names the window" grep -q 'before 2000 or more than 10 years ahead' "$D/err"
pl_bad "an i_kraft in 2205" i_kraft ka plan set --set i_kraft=01.01.2205
pl_bad "a frist of 2052 for 2025" frist koord measure edit GR-MF-01 --set frist=2052
pl_bad "a frist of 31.12.2205" frist koord measure edit GR-MF-01 --set frist=31.12.2205
pl_bad "a kommune's frist of 2052" frist ka adapt GR-MF-04 --set frist=2052
pl_bad "a successor for 2082" plan koord plan revise --plan 2082-2085
pl_bad "a successor that leaves a year without a plan" plan koord plan revise --plan 2029-2032
mn_check "the message names the year it must start by" grep -q 'starts by 2028' "$D/err"
pl_run koord plan versions
pl_has "no successor was made by the typos" "Ingen neste plan"
pl_ok "the frist as meant" koord measure edit GR-MF-01 --set frist=2025
pl_ok "a vedtak in the 2000s" ka plan set --set vedtak.dato=14.03.24

# ---- ids that differ only in case would name one measure: refused
MF="innsatsomrade=Målrettet forebygging"
pl_bad "a regional id again in lower case" id koord measure add gr-mf-04 --set "$MF" --set "tittel=Noe annet"
mn_check "the refusal names the id it clashes with" grep -q '«gr-mf-04» is taken: GR-MF-04 is a regional measure' "$D/err"
printf 'id,innsatsomrade,tittel\nGr-Mf-01,Målrettet forebygging,Noe\n' >"$D/case.csv"
before=$(mn_head koord koord)
pl_run koord import "$D/case.csv"
mn_check "an import of a known id in another case is refused" [ "$RC" -eq 2 ]
mn_check "the row is named" grep -q 'case.csv:2:1: id: «Gr-Mf-01» is taken: GR-MF-01' "$D/err"
printf 'id,innsatsomrade,tittel\nGR-NY-02,Målrettet forebygging,Ny\ngr-ny-02,Målrettet forebygging,Ny igjen\n' >"$D/twice.csv"
pl_run koord import "$D/twice.csv"
mn_check "two new ids in one file that differ only in case" grep -q 'gr-ny-02: it differs only in case from GR-NY-02 on line 2' "$D/err"
mn_check "nothing imported" [ "$(mn_head koord koord)" = "$before" ]
pl_ok "a local measure with æøå" ka measure add KA-ÆRE-01 --set "$MF" --set "tittel=Lokal"
pl_bad "the local id again in lower case" id ka measure add ka-ære-01 --set "$MF" --set "tittel=Lokal 2"
pl_bad "a local id that is a regional one in another case" id ka measure add gr-mf-01 --set "$MF" --set "tittel=Lokal 3"
printf 'kommune,regional_id,action,overridden_fields,reason\nka,,local,id=Ka-Ære-01 | innsatsomrade=Målrettet forebygging | tittel=X,\n' >"$D/dec.csv"
pl_run ka import-decisions "$D/dec.csv"
mn_check "import-decisions: a local id in another case is refused" grep -q 'id: «Ka-Ære-01» is taken: KA-ÆRE-01 is a local measure' "$D/err"
pl_wait_head koord ka "$(mn_head ka ka)"
pl_bad "the coordinator may not shadow a kommune's local id" id koord measure add ka-Ære-01 --set "$MF" --set "tittel=Regional"
mn_check "the refusal names the kommune" grep -q 'KA-ÆRE-01 is a local measure of Kommune A kommune' "$D/err"

# ---- a required text of only blanks is as good as none
pl_bad "a title of only blanks" tittel koord measure add GR-NY-03 --set "$MF" --set "tittel=   "
pl_bad "a decline reason of only blanks" reason ka decline GR-MF-04 --reason "   "
pl_bad "a retire reason of only blanks" reason koord measure retire GR-MF-01 --reason "  "
pl_bad "a withdrawal reason of only blanks" reason ka report GR-MF-01 --period 2024 --withdraw --reason " "
mn_finish
