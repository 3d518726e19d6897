#!/bin/bash
# parallel.sh - the four-year cycle in a region of parallel plans
# (Levanger and Verdal, [region] mode = parallel_plans) with real nodes
# across two periods: each kommune owns its plan and its versions;
# Levanger revises its own plan (a wrong period discarded first;
# measures carried over, edited, ended)
# while Verdal stays on its old one; Levanger's høring and vedtak; the
# switch on Levanger's own i_kraft (SAMPLAN_TODAY); old results still
# shown with --plan 2020-2023; the plan-cycle records in `history`; the
# two plans side by side (`plan compare`).  Stable views are compared
# with tests/golden/parallel-*; SP_UPDATE_GOLDEN=1 rewrites them.
NODE=$1 TOOL=$2
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$HERE/../golden
CONF=$HERE/../../conf/levanger-verdal
. "$HERE/lib.sh"
mn_init plan-parallel

mn_region levanger-verdal koordineringsgruppe "levanger verdal"
mn_region_title levanger-verdal "Levanger og Verdal"
mn_region_mode levanger-verdal parallel_plans
mn_title koordineringsgruppe "Koordineringsgruppen i Innherred"
mn_title levanger "Levanger kommune" 5037
mn_title verdal "Verdal kommune" 5038
for k in levanger verdal; do mn_link "$k" koordineringsgruppe; done
mn_render
ALL="koordineringsgruppe levanger verdal"
for n in $ALL; do mn_start "$n"; done

golden() {	# golden NAME NODE ARGS...
	local name=$1
	shift
	pl_run "$@"
	printf '%s\n' "$OUT" >"$D/$name"
	if [ "${SP_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$D/$name" "$GOLDEN/$name"
		mn_log "updated $GOLDEN/$name"
	fi
	mn_check "golden $name" diff -u "$GOLDEN/$name" "$D/$name"
}
sync_from() {	# sync_from NODE: every other node holds NODE's feed
	local n
	for n in $ALL; do
		[ "$n" = "$1" ] || pl_wait_head "$n" "$1" "$(mn_head "$1" "$1")"
	done
}
sync_all() {
	local n
	for n in $ALL; do sync_from "$n"; done
}

# 2019-2020: the group's innsatsområder; each kommune adopts its own
# plan at its own time, written the way it was before plan versions.
export SAMPLAN_TODAY=2020-11-15
pl_ok "the group's innsatsområder" koordineringsgruppe plan set \
    --set "tittel=Temaplan vold i nære relasjoner" --set periode=2020-2023 \
    --set "innsatsomrader=Barn/ungdom/familie; Æresrelatert vold og kjønnslemlestelse; Eldre"
sync_from koordineringsgruppe
pl_ok "Levanger adopts its plan" levanger plan set --set "tittel=Temaplan vold i nære relasjoner" \
    --set periode=2020-2023 --set state=i_kraft --set vedtak.organ=Driftskomiteen \
    --set vedtak.dato=25.09.19 --set vedtak.saksnr=26/19 --set i_kraft=01.01.2020
pl_ok "Verdal adopts its plan" verdal plan set --set "tittel=Temaplan vold i nære relasjoner" \
    --set periode=2019-2022 --set state=vedtatt --set "vedtak.organ=Komité Mennesker og livskvalitet" \
    --set vedtak.dato=20.03.2019 --set vedtak.saksnr=16/19
pl_ok "Levanger's measures" levanger import "$CONF/tiltak-levanger.csv"
pl_ok "Verdal's measures" verdal import "$CONF/tiltak-verdal.csv"
pl_ok "Levanger reports 2020" levanger report 5037-L-03 --period 2020 --status forsinket \
    --note "Opplæringen er flyttet til våren"
pl_ok "Verdal reports 2020" verdal report 5038-L-02 --period 2020 --status igangsatt

# March 2023: Levanger revises its own plan; Verdal does not.
export SAMPLAN_TODAY=2023-03-01
pl_bad "a kommune revises to a later period" plan levanger plan revise --plan 2016-2019
pl_bad "an unknown measure to end" avslutt levanger plan revise --plan 2024-2027 --avslutt 5038-L-01
pl_ok "Levanger revises to a wrong period" levanger plan revise --plan 2023-2026
pl_bad "the coordinator does not discard a kommune's plan" plan koordineringsgruppe plan discard --plan 2023-2026
pl_bad "Levanger cannot discard its plan in force" plan levanger plan discard --plan 2020-2023
pl_ok "Levanger discards its own draft" levanger plan discard --plan 2023-2026 --grunn "Feil periode"
pl_has "discard names the kommune" "2023-2026 er forkastet; den er ikke lenger neste plan for Levanger kommune"
pl_ok "Levanger revises its plan" levanger plan revise --plan 2024-2027 --avslutt 5037-L-02 \
    --set "tittel=Temaplan vold i nære relasjoner 2024–2027"
pl_has "revise says what it did" "2024-2027 er laget som utkast ved siden av 2020-2023: 2 tiltak videreført, 1 avsluttet med perioden"
pl_bad "one next plan per kommune" plan levanger plan revise --plan 2028-2031
pl_ok "a new measure in Levanger's draft" levanger measure add 5037-L-04 --plan neste \
    --set "innsatsomrade=Barn/ungdom/familie" --set "tittel=Digital vold blant ungdom" --set frist=2025
pl_ok "a carried-over measure edited in the draft" levanger measure edit 5037-L-01 --plan neste \
    --set "tittel=Tidlig innsats i helsestasjon og barnehage"
pl_ok "Levanger keeps reporting on its plan in force" levanger report 5037-L-02 --period 2023 \
    --status gjennomført --note "Avsluttet med planperioden"
sync_all
golden parallel-compare-levanger.out levanger plan compare
pl_bad "compare: Verdal has no next plan" with verdal plan compare
pl_bad "compare: a plan period" with levanger plan compare --with 2024
pl_bad "compare: the group names the kommune" with koordineringsgruppe plan compare
pl_bad "Verdal has no next plan" plan verdal plan show --plan neste
pl_run verdal plan show
pl_has "Verdal stays on its own plan" "5038-L-01"
pl_has "Verdal's period" "Planperiode: 2019-2022"
pl_run levanger plan show --period 2023
pl_has "Levanger's plan in force keeps the ended measure" "5037-L-02"
pl_lacks "the draft's new measure is not in force" "5037-L-04"
pl_has "the old title in force" "Tidlig innsats i helsestasjonen"
pl_run levanger plan show --plan neste
pl_has "the draft has its new measure" "5037-L-04"
pl_lacks "the ended measure is not in the draft" "5037-L-02"
pl_has "the draft's edited title" "Tidlig innsats i helsestasjon og barnehage"
pl_run koordineringsgruppe region --period 2023
pl_has "the group sees Levanger's plan in force" "5037-L-02"
pl_has "the group sees Verdal's plan" "5038-L-01"
pl_lacks "the group does not see Levanger's draft as in force" "5037-L-04"
pl_bad "the group cannot write in a kommune's next plan" plan koordineringsgruppe plan set --plan neste \
    --set "horing.hort=Eldrerådet"
pl_run koordineringsgruppe region --period 2023 --plan neste
pl_has "the group sees Levanger's draft with --plan neste" "5037-L-04"
pl_lacks "Verdal has no draft" "5038-L-01"

# Autumn 2023: Levanger's høring, innstilling and vedtak.
export SAMPLAN_TODAY=2023-09-15
pl_bad "a kommune writes only its own plan" plan verdal plan set --plan 2024-2027 --set state=vedtatt
pl_ok "Levanger: høring" levanger plan set --plan neste --set state=paa_hoering \
    --set horing.start=01.09.2023 --set horing.frist=01.10.2023 --set "horing.hort=Eldrerådet; Ungdomsrådet"
export SAMPLAN_TODAY=2023-11-15
pl_ok "Levanger: innstilling and vedtak" levanger plan set --plan neste --set state=vedtatt \
    --set innstilling.organ=Driftskomiteen --set innstilling.dato=25.10.2023 --set innstilling.saksnr=40/23 \
    --set vedtak.organ=Kommunestyret --set vedtak.dato=08.11.2023 --set vedtak.saksnr=88/23 \
    --set vedtak.arkivref=2023/4711 --set i_kraft=01.01.2024
sync_all
mn_check "all three agree" mn_wait_converged 20 $ALL
golden parallel-versions-2023.out koordineringsgruppe plan versions
golden parallel-versions-2023.json koordineringsgruppe plan versions --json
pl_run koordineringsgruppe region --period 2023
pl_has "region: parallel plans" "parallelle planer: hver kommune med sin egen plan og planperiode"
pl_has "region: Levanger's successor, adopted, not in force" "2024-2027: vedtatt, vedtatt fra 01.01.2024"
pl_has "region: Verdal's own plan" "Verdal kommune    2019-2022"
pl_run levanger plan show
pl_has "adopted but not in force: still the old plan" "5037-L-02"
pl_lacks "adopted but not in force: not the new measure" "5037-L-04"

# January 2024: Levanger's i_kraft has come; Verdal is where it was.
export SAMPLAN_TODAY=2024-01-10
pl_run levanger plan show
pl_has "in force: Levanger's new measure" "5037-L-04"
pl_lacks "in force: the ended measure is gone" "5037-L-02"
pl_has "in force: the new period" "Planperiode: 2024-2027"
pl_has "in force: the new vedtak" "88/23"
pl_ok "Levanger reports on its new plan" levanger report 5037-L-04 --period 2024 --status igangsatt
pl_ok "Verdal reports on its plan" verdal report 5038-L-01 --period 2024 --status løpende
sync_all
pl_run verdal plan show --period 2024
pl_has "Verdal still on its own plan" "Planperiode: 2019-2022"
pl_has "Verdal's report" "løpende (2024)"
pl_run koordineringsgruppe region --period 2024
pl_has "region: Levanger on its new plan" "Levanger kommune  2024-2027"
pl_has "the group: Levanger's new plan" "5037-L-04"
pl_lacks "the group: Levanger's ended measure gone" "5037-L-02"
pl_has "the group: Verdal's plan" "5038-L-01"
pl_run koordineringsgruppe region --period 2024 --json
pl_has "region --json: each kommune's own plan" '"plan": "2024-2027"'
pl_run levanger plan show --plan 2020-2023 --period 2023
pl_has "the old plan's results stay" "gjennomført (2023)"
pl_has "the old vedtak stays with the old plan" "26/19"
pl_run koordineringsgruppe plan compare --kommune Levanger --plan 2020-2023 --with 2024-2027
pl_has "compare from the group: carried over unchanged" "Vold mot eldre i hjemmetjenesten          videreført"
pl_has "compare from the group: edited" "endret: tittel"
pl_has "compare from the group: ended" "avsluttet"
pl_has "compare from the group: new" "5037-L-04"
pl_run levanger plan compare --plan 2020-2023 --with 2024-2027 --json
pl_has "compare --json" '"endring": "ny"'
pl_run koordineringsgruppe region --plan 2020-2023 --period 2020
pl_has "the group sees Levanger's old results" "Opplæringen er flyttet til våren"
golden parallel-versions-2024.out koordineringsgruppe plan versions

# The plan-cycle records are in the history, with who wrote them.
export SAMPLAN_TODAY=2024-02-20
pl_ok "Levanger evaluates an innsatsområde of its old plan" levanger evaluation set --plan 2020-2023 \
    --set "innsatsomrade=Eldre" --set "resultat=delvis nådd" --set "hvorfor=Opplæringen kom sent i gang"
pl_ok "a milestone of Levanger's plan" levanger plan set \
    --set "milepael=Evalueringsstart; 01.01.2027; ; Prosessleder"
pl_ok "the milestone reached" levanger plan set \
    --set "milepael=Evalueringsstart; 01.01.2027; 15.01.2027; Prosessleder"
sync_all
mask() {
	sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}Z/YYYY-MM-DDThh:mmZ/g' \
	    -e "s/ \\(av $(id -un)\\)\$/ (av USER)/"
}
pl_run koordineringsgruppe history --plan 2024-2027
printf '%s\n' "$OUT" | mask >"$D/parallel-history-2024-2027.out"
if [ "${SP_UPDATE_GOLDEN:-0}" = 1 ]; then
	cp "$D/parallel-history-2024-2027.out" "$GOLDEN/"
fi
mn_check "golden parallel-history-2024-2027.out" \
    diff -u "$GOLDEN/parallel-history-2024-2027.out" "$D/parallel-history-2024-2027.out"
pl_has "history: Levanger's revision, by Levanger" "levanger"
pl_has "history: the successor created" "plan 2024-2027 opprettet: tittel: Temaplan vold i nære relasjoner 2024–2027"
pl_has "history: the høring" "høring: (tom) → 01.09.2023–01.10.2023"
pl_has "history: the vedtak" "vedtak: (tom) → Kommunestyret 08.11.2023, sak 88/23, arkiv 2023/4711"
pl_has "history: the milestone reached" "milepæl Evalueringsstart: planlagt 01.01.2027, ansvar Prosessleder → planlagt 01.01.2027, nådd 15.01.2027"
pl_lacks "history --plan 2024-2027: not the old plan's evaluation" "Opplæringen kom sent"
pl_run levanger evaluation show --plan 2020-2023
pl_has "Levanger's evaluation of its own old plan" "Evaluering av Temaplan vold i nære relasjoner 2020-2023"
pl_has "the evaluation's reason" "Opplæringen kom sent i gang"
pl_run levanger evaluation show
pl_has "the evaluation report of Levanger's own plan in force" "Levanger og Verdal · plan 2024-2027 · per"
pl_run levanger history
pl_has "history: the evaluation of the old plan" "evaluering av 2020-2023, Eldre: delvis nådd; hvorfor: Opplæringen kom sent i gang"
pl_has "history: Verdal's adoption" "Komité Mennesker og livskvalitet 20.03.2019, sak 16/19"
pl_run levanger history --json
pl_has "history --json: the kind" '"kind": "plan"'
mn_finish
