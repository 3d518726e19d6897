#!/bin/bash
# golden.sh - the text views, byte for byte: plan show, region (text and
# Markdown) and history over a small region whose titles, innsatsområder
# and reasons are full of æ, ø and å, so alignment by display width is
# what is tested.  Times of day are replaced by a placeholder of the same
# width; everything else (seqs, versions, order) is deterministic.
# SP_UPDATE_GOLDEN=1 rewrites tests/golden/plan-*.out instead of diffing.
NODE=$1 TOOL=$2
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$HERE/../golden
DATA=$HERE/../data
. "$HERE/lib.sh"
mn_init plan-golden
export SAMPLAN_TODAY=2025-11-15

mn_region gjovikregionen koordinator "gjovik ostre-toten"
mn_region_title gjovikregionen "Gjøvikregionen"
mn_title koordinator "Koordineringsgruppen for Gjøvikregionen"
mn_title gjovik "Gjøvik kommune" 3407
mn_title ostre-toten "Østre Toten kommune" 3442
mn_link gjovik koordinator
mn_link ostre-toten koordinator
mn_render
for n in koordinator gjovik ostre-toten; do mn_start "$n"; done

pl_ok "region plan" koordinator plan set --set "tittel=Handlingsplan mot vold i nære relasjoner" \
    --set periode=2024-2027 --set state=vedtatt --set vedtak.organ=Regionrådet \
    --set vedtak.dato=14.03.2024 --set vedtak.saksnr=12/24 \
    --set "innsatsomrader=Målrettet forebygging; Likeverdige og sammenhengende tjenester; Tiltak mot sårbare grupper"
pl_ok "import" koordinator import "$DATA/golden-tiltak.csv"
for k in gjovik ostre-toten; do pl_wait_head "$k" koordinator "$(mn_head koordinator koordinator)"; done
pl_ok "gjovik adopts" gjovik plan set --set state=i_kraft --set vedtak.organ=Kommunestyret \
    --set vedtak.dato=2024-06-20 --set vedtak.saksnr=45/24 --set i_kraft=2024-07-01 --adopt-regional
pl_ok "gjovik adapts" gjovik adapt GR-LS-02 --set "ansvar=Enhetsleder forebyggende tjenester" \
    --reason "Kommunen har allerede en forebyggende enhet"
pl_ok "gjovik local" gjovik measure add 3407-L-01 --set "innsatsomrade=Målrettet forebygging" \
    --set "tittel=Kjærestevold blant studenter" --set frist=årlig --set ansvar=Folkehelsekoordinator
pl_ok "gjovik report" gjovik report GR-MF-01 --period 2025 --status igangsatt --note "Første kull i gang"
pl_ok "gjovik report done" gjovik report GR-LS-02 --period 2025H1 --status gjennomfort
pl_ok "ostre-toten adopts" ostre-toten plan set --set state=vedtatt --set vedtak.organ=Kommunestyret \
    --set vedtak.dato=2024-06-13 --set vedtak.saksnr=31/24 --adopt-regional
pl_ok "ostre-toten declines" ostre-toten decline GR-SG-02 --reason "Forvaltningskontoret har ikke kapasitet i 2025"
pl_ok "ostre-toten adapts frist" ostre-toten adapt GR-MF-04 --set frist=2026-06-30
pl_ok "ostre-toten report" ostre-toten report GR-MF-04 --period 2025 --status utsatt
pl_wait_head koordinator gjovik "$(mn_head gjovik gjovik)"
pl_wait_head koordinator ostre-toten "$(mn_head ostre-toten ostre-toten)"
pl_ok "region changes GR-LS-02" koordinator measure edit GR-LS-02 --set frist=2025-06-30 \
    --set "beskrivelse=Hver kommune utpeker en koordinerende kontaktperson med avsatt tid."
pl_ok "region adds GR-SG-12" koordinator measure add GR-SG-12 --set "innsatsomrade=Tiltak mot sårbare grupper" \
    --set "tittel=Trygghet for eldre som bor alene" --set frist=2027 --set "ansvar=Leder hjemmetjenesten"
mn_check "all three agree" mn_wait_converged 20 koordinator gjovik ostre-toten

# Times, and the OS user history shows at the end of a line ("(av USER)").
masktime() {
	sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}Z/YYYY-MM-DDThh:mmZ/g' \
	    -e "s/ \\(av $(id -un)\\)\$/ (av USER)/"
}
golden() {	# golden NAME NODE ARGS...
	local name=$1
	shift
	pl_run "$@"
	printf '%s\n' "$OUT" | masktime >"$D/$name"
	if [ "${SP_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$D/$name" "$GOLDEN/$name"
		mn_log "updated $GOLDEN/$name"
	fi
	mn_check "golden $name" diff -u "$GOLDEN/$name" "$D/$name"
}
golden plan-show-gjovik.out gjovik plan show
golden plan-show-region.out koordinator plan show
golden plan-show-ostre-toten.md gjovik plan show --kommune ostre-toten --markdown
golden plan-region.out koordinator region
golden plan-region.md koordinator region --markdown
golden plan-history.out ostre-toten history GR-LS-02
golden plan-region.csv koordinator region --csv

# The same data read on another node gives the same report.
pl_run gjovik region
printf '%s\n' "$OUT" | masktime >"$D/region-on-gjovik"
mn_check "region report identical on every node" diff -u "$D/plan-region.out" "$D/region-on-gjovik"
# The views read the store: the same with the node stopped.
mn_stop gjovik
pl_run gjovik region
printf '%s\n' "$OUT" | masktime >"$D/region-stopped"
mn_check "region report identical with the node stopped" diff -u "$D/plan-region.out" "$D/region-stopped"
pl_ok "plan show with the node stopped" gjovik plan show
pl_ok "history with the node stopped" gjovik history GR-LS-02 --json
pl_run gjovik adopt GR-SG-12
mn_check "a write with the node stopped fails with exit 3" [ "$RC" -eq 3 ]
mn_finish
