#!/bin/bash
# cycle.sh - the four-year cycle (issue 11) with real nodes across two
# periods: the 2024-2027 plan in force with reports; the 2028-2031 draft
# revised next to it while the kommuner keep reporting on the old one;
# høring, innstilling and vedtak in three kommuner at different dates;
# the switch on i_kraft; old results still shown for 2024-2027 after.
# A successor made with the wrong period is discarded (plan discard),
# brought back and discarded again before the real one is made.
# The successor status (plan versions) is compared with
# tests/golden/cycle-*; SP_UPDATE_GOLDEN=1 rewrites them.
NODE=$1 TOOL=$2
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$HERE/../golden
DATA=$HERE/../data
. "$HERE/lib.sh"
mn_init plan-cycle

mn_region gjovikregionen koordinator "vestre-toten gjovik ostre-toten"
mn_region_title gjovikregionen "Gjøvikregionen"
mn_title koordinator "Koordineringsgruppen for Gjøvikregionen"
mn_title gjovik "Gjøvik kommune" 3407
mn_title ostre-toten "Østre Toten kommune" 3442
mn_title vestre-toten "Vestre Toten kommune" 3443
for k in gjovik ostre-toten vestre-toten; do mn_link "$k" koordinator; done
mn_render
for n in koordinator gjovik ostre-toten vestre-toten; do mn_start "$n"; done
ALL="koordinator gjovik ostre-toten vestre-toten"

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

# 2024: the plan 2024-2027, written the way it was before plan versions.
export SAMPLAN_TODAY=2024-06-30
pl_ok "regional plan 2024-2027" koordinator plan set --set "tittel=Handlingsplan mot vold i nære relasjoner" \
    --set periode=2024-2027 --set state=vedtatt --set vedtak.organ=Regionrådet \
    --set vedtak.dato=14.03.2024 --set vedtak.saksnr=12/24 --set i_kraft=01.04.2024 \
    --set "innsatsomrader=Målrettet forebygging; Likeverdige og sammenhengende tjenester; Tiltak mot sårbare grupper"
pl_ok "regional measures" koordinator import "$DATA/golden-tiltak.csv"
pl_ok "a target value" koordinator measure edit GR-MF-01 --set malverdi=90
pl_ok "the plan's context" koordinator plan set \
    --set "nasjonalt_grunnlag=Frihet fra vold (2021–2024); Trygghet for alle (2024–2028)" \
    --set "planlenker=Kommuneplanens samfunnsdel; Planstrategi 2024–2027" \
    --set "malgrupper=Barn og unge; voksne og eldre; særlig risikoutsatte" \
    --set "ressurser=Koordinator i 20 % stilling; 150 000 kr per år"
pl_ok "a measure's resources" koordinator measure edit GR-MF-01 --set "ressurser=40 timer per kull; 30 000 kr"
pl_bad "context text must be UTF-8" nasjonalt_grunnlag koordinator plan set --set "nasjonalt_grunnlag=$(printf 'a\xff')"
pl_run koordinator plan show
pl_has "national basis shown" "Nasjonalt grunnlag: Frihet fra vold (2021–2024); Trygghet for alle (2024–2028)"
pl_has "links to other plans shown" "Forankring i andre planer: Kommuneplanens samfunnsdel"
pl_has "target groups shown" "Målgrupper: Barn og unge; voksne og eldre; særlig risikoutsatte"
pl_has "the plan's resources shown" "Ressurser: Koordinator i 20 % stilling"
pl_run koordinator export
pl_has "a measure's resources in the export" "40 timer per kull; 30 000 kr"
sync_from koordinator
pl_ok "Gjøvik adopts 2024" gjovik plan set --set state=vedtatt --set vedtak.organ=Kommunestyret \
    --set vedtak.dato=20.06.2024 --set vedtak.saksnr=45/24 --adopt-regional
pl_ok "Østre Toten adopts 2024" ostre-toten plan set --set state=vedtatt --set vedtak.organ=Kommunestyret \
    --set vedtak.dato=13.06.2024 --set vedtak.saksnr=31/24 --adopt-regional
pl_ok "Vestre Toten adopts 2024" vestre-toten plan set --set state=vedtatt --set vedtak.organ=Kommunestyret \
    --set vedtak.dato=27.06.2024 --set vedtak.saksnr=52/24 --adopt-regional
export SAMPLAN_TODAY=2025-12-15
pl_ok "Gjøvik reports 2025" gjovik report GR-SG-02 --period 2025 --status igangsatt --note "TryggEst-team på plass"
pl_ok "Østre Toten reports 2025" ostre-toten report GR-MF-01 --period 2025 --status løpende --verdi "76,9"
pl_ok "Gjøvik reports GR-LS-02 done" gjovik report GR-LS-02 --period 2025 --status gjennomført
pl_ok "Gjøvik local measure" gjovik measure add 3407-L-01 --set "innsatsomrade=Målrettet forebygging" \
    --set "tittel=Kjærestevold blant studenter" --set frist=årlig

# January 2026: the årsrapport of a period before the plan, or of one
# not begun, is refused as a report on it is (2025 and 2026 are fine).
export SAMPLAN_TODAY=2026-01-20
pl_bad "region: a period before the plan" period koordinator region --period 2023
OUT=$ERR
pl_has "the refusal says where the plan begins" "2023 is before the plan period, which begins in 2024"
pl_bad "region: a period not begun" period koordinator region --period 2027
OUT=$ERR
pl_has "the refusal says it has not begun" "2027 has not begun"
pl_bad "region --excel: a period not begun" period koordinator region --period 2027 --excel
pl_bad "region --html: a period before the plan" period koordinator region --period 2023 --html
pl_bad "region --json: a period before the plan" period koordinator region --period 2023 --json
pl_bad "plan show: a period not begun" period gjovik plan show --period 2027
pl_bad "plan show: a period before the plan" period gjovik plan show --period 2022H2
pl_ok "region: the year that ended" koordinator region --period 2025
pl_ok "region: the year in progress" koordinator region --period 2026
pl_ok "plan show: the half-year in progress" gjovik plan show --period 2026H1

# March 2027: the revision, next to the plan in force.
export SAMPLAN_TODAY=2027-03-01
pl_bad "a kommune cannot revise the regional plan" plan gjovik plan revise --plan 2028-2031
pl_bad "a plan period" plan koordinator plan revise --plan 2028
pl_bad "an unknown measure to end" avslutt koordinator plan revise --plan 2028-2031 --avslutt GR-XX-99
pl_bad "not before the plan in force" plan koordinator plan revise --plan 2020-2023
# A plausible but wrong period, and the way back (plan discard).
GRUNN="Feil periode; neste plan er 2028-2031"
pl_ok "revise by mistake" koordinator plan revise --plan 2027-2030
pl_bad "the mistake blocks the real successor" plan koordinator plan revise --plan 2028-2031
pl_bad "the plan in force cannot be discarded" plan koordinator plan discard --plan 2024-2027
pl_bad "an unknown plan cannot be discarded" plan koordinator plan discard --plan 2040-2043
pl_bad "a kommune does not discard the regional plan" plan gjovik plan discard --plan 2027-2030
pl_bad "plan set does not discard" state koordinator plan set --plan 2027-2030 --set state=forkastet
pl_ok "discard the mistake" koordinator plan discard --plan 2027-2030 --grunn "$GRUNN"
pl_has "discard says what it did" "2027-2030 er forkastet"
pl_bad "discarded once" plan koordinator plan discard --plan 2027-2030
pl_bad "no writes into a discarded plan" plan koordinator measure edit GR-MF-01 --plan 2027-2030 \
    --set "tittel=Grunnopplæring"
pl_run koordinator plan show --plan 2027-2030
pl_has "a discarded plan is still shown by its period" "Planperiode: 2027-2030 · tilstand: forkastet"
pl_bad "no next plan after the discard" plan koordinator plan show --plan neste
pl_bad "plan set does not bring it back" state koordinator plan set --plan 2027-2030 \
    --set state=under_utarbeidelse
pl_ok "revise brings the discarded plan back" koordinator plan revise --plan 2027-2030
pl_has "back as a draft with its measures" \
    "2027-2030 er hentet tilbake som utkast ved siden av 2024-2027, med sine 7 tiltak"
pl_run koordinator plan show --plan neste
pl_has "neste is the draft brought back" "Planperiode: 2027-2030 · tilstand: under utarbeidelse"
pl_ok "discard it again (--plan neste)" koordinator plan discard --plan neste --grunn "$GRUNN"
pl_ok "revise" koordinator plan revise --plan 2028-2031 --avslutt GR-SG-02 \
    --set "tittel=Handlingsplan mot vold i nære relasjoner 2028–2031"
pl_has "revise says what it did" "2028-2031 er laget som utkast ved siden av 2024-2027: 6 tiltak videreført, 1 avsluttet med perioden"
pl_bad "only one next plan" plan koordinator plan revise --plan 2032-2035
pl_run koordinator plan show --plan neste
pl_has "neste is the real successor" "Planperiode: 2028-2031"
pl_bad "the mistake cannot come back while 2028-2031 exists" plan koordinator plan revise --plan 2027-2030
OUT=$ERR
pl_has "the refusal names the successor" "has a next plan already (2028-2031)"
pl_run koordinator plan versions
pl_has "versions lists the discarded plan" "2027-2030  forkastet"
pl_run koordinator plan versions --json
pl_has "versions --json: the discarded plan's role" '"rolle": "forkastet"'
pl_run koordinator history --plan 2027-2030
pl_has "history: who discarded it, and why" \
    "plan 2027-2030 forkastet: tilstand: under utarbeidelse → forkastet; grunn: (tom) → $GRUNN"
pl_has "history: brought back" "plan 2027-2030 hentet tilbake: tilstand: forkastet → under utarbeidelse; grunn: $GRUNN → (tom)"
pl_ok "a new measure in the draft" koordinator measure add GR-SG-07 --plan neste \
    --set "innsatsomrade=Tiltak mot sårbare grupper" --set "tittel=Digital vold og deling av bilder" \
    --set frist=2029
pl_bad "a milestone needs its planned date" milepael.planlagt koordinator plan set --plan neste \
    --set "milepael=Høring; 31.02.2027; ; Prosessleder"
pl_bad "a milestone needs its name" milepael koordinator plan set --plan neste --set "milepael=; 01.09.2027"
pl_ok "the prosessplan of the next plan" koordinator plan set --plan neste \
    --set "milepael=Mandat vedtatt; 15.01.2027; 20.01.2027; Regionrådet" \
    --set "milepael=Høring; 01.09.2027; ; Prosessleder" \
    --set "milepael=Vedtak i kommunestyrene; 01.12.2027; ; Kommunedirektørene" \
    --set "milepael=Revisjonsstart; 01.02.2027; 01.02.2027; Koordineringsgruppen"
pl_ok "the old plan's evaluation milestone" koordinator plan set --plan 2024-2027 \
    --set "milepael=Evalueringsstart; 01.02.2028; ; Koordineringsgruppen"
pl_run koordinator region --period 2027
pl_has "the timeline in the region report" "01.02.2028  Evalueringsstart  Koordineringsgruppen  -        planlagt"
pl_ok "a carried-over measure edited in the draft" koordinator measure edit GR-MF-01 --plan neste \
    --set "tittel=Grunnopplæring for alle nyansatte og ledere"
sync_from koordinator
golden cycle-compare-2027.out koordinator plan compare
golden cycle-compare-2027.json koordinator plan compare --json
pl_run koordinator plan compare --markdown
pl_has "compare --markdown: a column per plan" "| ID | 2024-2027 | 2028-2031 | Endring |"
pl_run gjovik plan compare --plan 2024-2027 --with neste --csv
pl_has "compare --csv: the kommune's own measure too" "3407-L-01"
pl_bad "a kommune carries into the region's next plan only" plan gjovik plan revise --plan 2032-2035
pl_bad "a kommune ends only its own measures" avslutt gjovik plan revise --plan neste --avslutt GR-SG-02
pl_ok "Gjøvik carries its own measure into the next plan" gjovik plan revise --plan neste
pl_has "carry says what it did" "1 lokale tiltak i Gjøvik kommune er videreført til 2028-2031, 0 avsluttet med perioden"
pl_bad "a kommune carries its measures once" plan gjovik plan revise --plan 2028-2031
pl_run gjovik plan compare --csv
pl_has "compare: Gjøvik's own measure carried over" "3407-L-01,Kjærestevold blant studenter,Kjærestevold blant studenter,videreført"
pl_ok "Vestre Toten keeps reporting on the old plan" vestre-toten report GR-SG-02 --period 2027 \
    --status gjennomført --note "Avsluttet med planperioden"
pl_bad "no successor to report on yet" plan gjovik report GR-SG-07 --period 2027 --status igangsatt --plan 2032-2035
pl_run koordinator region --period 2027
pl_has "the region view stays on the plan in force" "GR-SG-02"
pl_lacks "the draft's new measure is not in force" "GR-SG-07"
pl_has "the old title" "Grunnopplæring for nyansatte"
pl_run koordinator region --period 2027 --plan neste
pl_has "the draft has its new measure" "GR-SG-07"
pl_lacks "the ended measure is not in the draft" "GR-SG-02"
pl_has "the draft's edited title" "Grunnopplæring for alle nyansatte"
pl_run gjovik plan show --plan 2028-2031
pl_has "a kommune sees the draft by its period" "GR-SG-07"
pl_run koordinator plan show --plan neste
pl_has "the draft keeps the plan's context" "Nasjonalt grunnlag: Frihet fra vold"
pl_has "the draft's own title" "Handlingsplan mot vold i nære relasjoner 2028–2031"

# Autumn 2027: høring, innstilling and vedtak, each kommune on its own.
export SAMPLAN_TODAY=2027-09-15
pl_bad "høringsfrist before its start" horing.frist gjovik plan set --plan neste \
    --set horing.start=01.09.2027 --set horing.frist=01.08.2027
pl_bad "a bad innstilling date" innstilling.dato gjovik plan set --plan neste --set innstilling.dato=32.13.2027
pl_ok "Gjøvik: høring" gjovik plan set --plan neste --set state=paa_hoering \
    --set horing.start=01.09.2027 --set horing.frist=01.10.2027 \
    --set "horing.hort=Eldrerådet; Ungdomsrådet; Råd for personer med funksjonsnedsettelse" \
    --set "horing.innspill=Ungdomsrådet ber om tiltak mot digital vold"
pl_ok "Østre Toten: høring" ostre-toten plan set --plan neste --set state=paa_hoering \
    --set horing.start=10.09.2027 --set horing.frist=10.10.2027 --set "horing.hort=Eldrerådet"
export SAMPLAN_TODAY=2027-11-02
pl_ok "Gjøvik: innstilling" gjovik plan set --plan neste --set state=politisk_behandling \
    --set "innstilling.organ=Hovedutvalg for oppvekst" --set innstilling.dato=01.11.2027 \
    --set innstilling.saksnr=61/27 --set innstilling.arkivref=2027/1234
pl_ok "Vestre Toten: innstilling" vestre-toten plan set --plan neste --set state=politisk_behandling \
    --set "innstilling.organ=Formannskapet" --set innstilling.dato=28.10.2027 --set innstilling.saksnr=88/27
sync_from koordinator
export SAMPLAN_TODAY=2027-12-15
pl_ok "Gjøvik: vedtak" gjovik plan set --plan neste --set state=vedtatt --set vedtak.organ=Kommunestyret \
    --set vedtak.dato=09.12.2027 --set vedtak.saksnr=101/27 --set vedtak.arkivref=2027/1234 \
    --set i_kraft=01.01.2028 --adopt-regional
# In force before it is adopted: refused, whichever of the two is set.
pl_bad "no i_kraft before the vedtak" i_kraft koordinator plan set --plan neste --set state=vedtatt \
    --set vedtak.organ=Regionrådet --set vedtak.dato=01.12.2027 --set vedtak.saksnr=77/27 --set i_kraft=01.01.2027
OUT=$ERR
pl_has "the refusal names both dates" "i_kraft 01.01.2027 is before the vedtak of 01.12.2027"
pl_bad "no vedtak after i_kraft" i_kraft gjovik plan set --plan neste --set vedtak.dato=02.01.2028
pl_run koordinator plan versions
pl_has "the refused vedtak moved nothing" "2024-2027  gjeldende"
pl_ok "the region adopts 2028-2031" koordinator plan set --plan neste --set state=vedtatt \
    --set vedtak.organ=Regionrådet --set vedtak.dato=10.12.2027 --set vedtak.saksnr=40/27 --set i_kraft=01.01.2028
pl_ok "Gjøvik's last report on the old plan" gjovik report GR-SG-02 --period 2027 --status gjennomført
for n in gjovik ostre-toten vestre-toten; do sync_from "$n"; done
sync_from koordinator
mn_check "all four agree" mn_wait_converged 20 $ALL
pl_ok "the høring milestone reached" koordinator plan set --plan neste \
    --set "milepael=Høring; 01.09.2027; 03.09.2027; Prosessleder"
sync_from koordinator
golden cycle-versions-2027.out koordinator plan versions
golden cycle-versions-2027.json koordinator plan versions --json
pl_run koordinator region --period 2027
pl_has "adopted but not in force: still the old plan" "GR-SG-02"
pl_lacks "adopted but not in force: not the new measure" "GR-SG-07"

# January 2028: the successor's i_kraft has come.
export SAMPLAN_TODAY=2028-01-10
pl_run koordinator region --period 2028
pl_has "in force: the new measure" "GR-SG-07"
pl_lacks "in force: the ended measure is gone" "GR-SG-02"
pl_has "in force: the new plan's period" "planperiode 2028-2031"
pl_ok "Gjøvik reports on the new plan" gjovik report GR-SG-07 --period 2028 --status igangsatt
pl_run koordinator region --period 2025 --plan 2024-2027
pl_has "the old plan's results stay" "TryggEst-team på plass"
pl_run koordinator region --period 2027 --plan 2024-2027
pl_has "the ended measure keeps its results" "gjennomført (2027)"
pl_has "the old plan's period" "planperiode 2024-2027"
pl_run gjovik plan show --plan 2024-2027
pl_has "the old vedtak stays with the old plan" "45/24"
pl_run gjovik plan show
pl_has "the new vedtak with the new plan" "101/27"
golden cycle-versions-2028.out koordinator plan versions

# February 2028: the evaluation of 2024-2027, by each node for its part.
export SAMPLAN_TODAY=2028-02-20
pl_bad "a result" resultat gjovik evaluation set GR-SG-02 --plan 2024-2027 --set resultat=kanskje
pl_bad "a measure of the plan" measure gjovik evaluation set GR-SG-07 --plan 2024-2027 --set resultat=nådd
pl_bad "a measure or an area, not both" innsatsomrade gjovik evaluation set GR-SG-02 --plan 2024-2027 \
    --set resultat=nådd --set "innsatsomrade=Tiltak mot sårbare grupper"
pl_bad "an innsatsområde of the plan" innsatsomrade gjovik evaluation set --plan 2024-2027 \
    --set resultat=nådd --set "innsatsomrade=Ukjent område"
pl_bad "a date" dato gjovik evaluation set GR-SG-02 --plan 2024-2027 --set resultat=nådd --set dato=30.02.2028
pl_bad "a field" farge gjovik evaluation set GR-SG-02 --plan 2024-2027 --set farge=blå
pl_ok "Gjøvik evaluates an innsatsområde" gjovik evaluation set --plan 2024-2027 \
    --set "innsatsomrade=Tiltak mot sårbare grupper" --set "resultat=delvis nådd" \
    --set "gjort=TryggEst innført; kurs i negativ sosial kontroll" \
    --set "hvorfor=Forvaltningskontoret manglet kapasitet i 2026" --set dato=15.02.2028
pl_ok "Gjøvik evaluates a measure" gjovik evaluation set GR-SG-02 --plan 2024-2027 --set resultat=nådd \
    --set "gjort=TryggEst-team i drift fra 2025"
pl_ok "Østre Toten evaluates" ostre-toten evaluation set GR-MF-01 --plan 2024-2027 --set "resultat=ikke nådd" \
    --set "hvorfor=Målverdien 90 ble ikke nådd (76,9)"
pl_ok "the region evaluates its area" koordinator evaluation set --plan 2024-2027 \
    --set "innsatsomrade=Målrettet forebygging" --set resultat=nådd --set "gjort=Felles opplæring i alle fem kommuner"
for n in gjovik ostre-toten; do sync_from "$n"; done
mn_check "all four agree on the evaluation" mn_wait_converged 20 $ALL
golden cycle-evaluation-2024-2027.out koordinator evaluation show --plan 2024-2027
golden cycle-evaluation-2024-2027.md koordinator evaluation show --plan 2024-2027 --markdown
golden cycle-evaluation-2024-2027.json koordinator evaluation show --plan 2024-2027 --json
pl_run koordinator evaluation show --plan 2024-2027
pl_has "the share per kommune over the period" "2 av 8 (25 %)"
pl_has "the share of the whole region" "4 av 22 (18 %)"
pl_has "the indicator against its target" "76,9"
pl_run koordinator evaluation show
pl_has "the plan in force has no evaluation yet" "Ingen evaluering ennå."
pl_run koordinator history GR-SG-02
pl_has "the evaluation is in the history" "evaluering av 2024-2027: nådd"
pl_run koordinator history --plan 2028-2031
pl_has "history: Gjøvik's vedtak of the next plan, by Gjøvik" "gjovik"
pl_has "history: the vedtak's change" "vedtak: (tom) → Kommunestyret 09.12.2027, sak 101/27, arkiv 2027/1234"
pl_has "history: the region's milestone reached" "milepæl Høring: planlagt 01.09.2027, ansvar Prosessleder → planlagt 01.09.2027, nådd 03.09.2027"
pl_lacks "history --plan 2028-2031: not the old plan's vedtak" "45/24"
pl_lacks "history --plan 2028-2031: not the old plan's evaluation" "evaluering av 2024-2027"
pl_run koordinator history
pl_has "history: the old plan's vedtak" "Kommunestyret 20.06.2024, sak 45/24"
pl_has "history: an innsatsområde's evaluation" "evaluering av 2024-2027, Tiltak mot sårbare grupper: delvis nådd"
pl_run koordinator plan versions --markdown
pl_has "markdown table" "| 2024-2027 | avsluttet |"
# Late February 2028: the årsrapport of 2027 is on the plan of 2027, and
# the kommuner can still file their 2027 reports, while 2028-2031 is in
# force (after the evaluation above, so that its golden files stand).
export SAMPLAN_TODAY=2028-02-25
pl_ok "Østre Toten files its 2027 report in February 2028" ostre-toten report GR-LS-03 --period 2027 \
    --status gjennomført --note "Levert for 2027"
OUT=$ERR
pl_has "report names the plan of the period" "period 2027: plan 2024-2027"
printf 'tiltak,periode,status,merknad\nGR-SG-02,2027,gjennomført,Import for 2027\nGR-SG-07,2028,igangsatt,Import for 2028\n' \
    >"$D/vt-2027-2028.csv"
pl_ok "Vestre Toten imports 2027 and 2028 in one file" vestre-toten import-reports "$D/vt-2027-2028.csv"
for n in ostre-toten vestre-toten; do sync_from "$n"; done
pl_run koordinator region --period 2027
pl_has "region --period 2027: the plan of 2027" "planperiode 2024-2027"
pl_has "region --period 2027: the measure ended with it" "GR-SG-02"
pl_lacks "region --period 2027: not the new plan's measure" "GR-SG-07"
pl_has "region --period 2027: the 2027 reports" "gjennomført (2027)"
pl_has "region --period 2027: the report filed in 2028" "Levert for 2027"
pl_has "region --period 2027: the imported 2027 row" "Import for 2027"
OUT=$ERR
pl_has "region says which plan it used" "period 2027: plan 2024-2027, whose plan period holds it (the plan in force is 2028-2031)"
for f in --excel --html --markdown --json; do
	pl_run koordinator region --period 2027 $f
	pl_has "region --period 2027 $f: the measure ended with it" "GR-SG-02"
	pl_lacks "region --period 2027 $f: not the new plan's measure" "GR-SG-07"
done
pl_run gjovik plan show --period 2027
pl_has "plan show --period 2027: the old vedtak" "45/24"
pl_has "plan show --period 2027: the measure ended with it" "GR-SG-02"
pl_run koordinator region --period 2028
pl_has "region --period 2028: the plan in force" "planperiode 2028-2031"
pl_has "region --period 2028: the imported 2028 row" "Import for 2028"
pl_lacks "region --period 2028: not the 2027 row" "Import for 2027"
pl_run koordinator region --period 2027 --plan 2028-2031
pl_has "an explicit --plan still wins" "planperiode 2028-2031"
pl_bad "a period before every plan" period koordinator region --period 2023

mn_finish
