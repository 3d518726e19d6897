#!/bin/bash
# review.sh - the review flag across nodes (issue 4, "must show"): a
# regional measure changed on the coordinator reaches a kommune that had
# adapted it; the kommune's plan follows the region in the fields it did
# not override, keeps its own value where it did, and flags the measure;
# the coordinator's region matrix shows the flag; after the kommune
# decides again the flag is gone on every node.
NODE=$1 TOOL=$2
. "$(dirname "$0")/lib.sh"
mn_init plan-review
export SAMPLAN_TODAY=2026-03-01

mn_region r koord "ka kb"
mn_link ka koord
mn_link kb ka
mn_render
for n in koord ka kb; do mn_start "$n"; done

pl_ok "region declares its innsatsområder" koord plan set --set "innsatsomrader=Målrettet forebygging; Tiltak mot sårbare grupper"
pl_ok "coordinator adds GR-A-01" koord measure add GR-A-01 --set "innsatsomrade=Målrettet forebygging" \
    --set "tittel=Grunnopplæring for nyansatte" --set "ansvar=Kommunalsjef oppvekst" --set frist=2026-06-30
mn_check "ka receives the measure" pl_wait_head ka koord "$(mn_head koord koord)"
pl_ok "ka adopts the regional plan" ka plan set --set state=vedtatt --set vedtak.organ=Kommunestyret --set vedtak.dato=20.06.2024 --adopt-regional
pl_ok "ka adapts GR-A-01 (ansvar)" ka adapt GR-A-01 --set "ansvar=Enhetsleder forebygging" --reason "Egen enhet"
pl_run ka plan show --json
pl_has "not flagged after the decision" '"flagged": false'

pl_ok "coordinator changes tittel and ansvar" koord measure edit GR-A-01 \
    --set "tittel=Grunnopplæring for alle nyansatte" --set "ansvar=Kommunalsjef helse og omsorg"
v=$(mn_head koord koord)
mn_check "the change reaches ka" pl_wait_head ka koord "$v"
mn_check "the change reaches kb through ka" pl_wait_head kb koord "$v"
mn_check "ka's decision reaches the coordinator" pl_wait_head koord ka "$(mn_head ka ka)"

pl_run ka plan show --json
pl_has "ka: tittel follows the region" '"tittel": "Grunnopplæring for alle nyansatte"'
pl_has "ka: overridden ansvar keeps the local value" '"ansvar": "Enhetsleder forebygging"'
pl_has "ka: the region's new ansvar is shown beside it" '"regional": "Kommunalsjef helse og omsorg"'
pl_has "ka: flagged for review" '"flagged": true'
pl_run ka plan show
pl_has "ka: text marks it for review" "endret regionalt: til vurdering"
pl_run koord region
pl_has "coordinator: matrix cell flagged" "T:-*"
pl_has "coordinator: listed for review" "besluttet på versjon 2, gjeldende 3"
pl_run koord region --json
pl_has "coordinator json: flagged cell" '"flagged": true'
pl_run kb region
pl_has "kb (relayed) sees the flag too" "T:-*"

pl_ok "ka decides again on the new version (keeps its override)" ka adapt GR-A-01
mn_check "the new decision reaches the coordinator" pl_wait_head koord ka "$(mn_head ka ka)"
mn_check "the new decision reaches kb" pl_wait_head kb ka "$(mn_head ka ka)"
pl_run ka plan show --json
pl_lacks "ka: flag gone" '"flagged": true'
pl_has "ka: override kept" '"ansvar": "Enhetsleder forebygging"'
for n in koord kb; do
	pl_run "$n" region --json
	pl_lacks "$n: flag gone in the matrix" '"flagged": true'
	pl_run "$n" region
	pl_lacks "$n: no review exception" "besluttet på versjon"
done
mn_finish
