#!/bin/bash
# innlandet.sh - a region of 46 kommuner, as Innlandet has: one
# coordination group and 46 kommune nodes with their real names (Åsnes,
# Våler, Øyer, Sør-Fron ...) and kommunenummer, on ipc:// sockets.  The
# config must take the long member list, every kommune must adopt, decline
# and report through its own node, and the coordinator's status, region
# report (text, Markdown, CSV) and per-kommune plan states must show all
# 46 by name, readably: no line of the text report wider than a page.
NODE=$1 TOOL=$2
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/../data
. "$HERE/lib.sh"
mn_init plan-innlandet
export SAMPLAN_TODAY=2025-11-15

# node name, kommunenummer, title
KOMMUNER="kongsvinger 3401 Kongsvinger
hamar 3403 Hamar
lillehammer 3405 Lillehammer
gjovik 3407 Gjøvik
ringsaker 3411 Ringsaker
loten 3412 Løten
stange 3413 Stange
nord-odal 3414 Nord-Odal
sor-odal 3415 Sør-Odal
eidskog 3416 Eidskog
grue 3417 Grue
asnes 3418 Åsnes
valer 3419 Våler
elverum 3420 Elverum
trysil 3421 Trysil
amot 3422 Åmot
stor-elvdal 3423 Stor-Elvdal
rendalen 3424 Rendalen
engerdal 3425 Engerdal
tolga 3426 Tolga
tynset 3427 Tynset
alvdal 3428 Alvdal
folldal 3429 Folldal
os 3430 Os
dovre 3431 Dovre
lesja 3432 Lesja
skjak 3433 Skjåk
lom 3434 Lom
vaga 3435 Vågå
nord-fron 3436 Nord-Fron
sel 3437 Sel
sor-fron 3438 Sør-Fron
ringebu 3439 Ringebu
oyer 3440 Øyer
gausdal 3441 Gausdal
ostre-toten 3442 Østre Toten
vestre-toten 3443 Vestre Toten
gran 3446 Gran
sondre-land 3447 Søndre Land
nordre-land 3448 Nordre Land
sor-aurdal 3449 Sør-Aurdal
etnedal 3450 Etnedal
nord-aurdal 3451 Nord-Aurdal
vestre-slidre 3452 Vestre Slidre
oystre-slidre 3453 Øystre Slidre
vang 3454 Vang"

NAMES=$(printf '%s\n' "$KOMMUNER" | awk '{ print $1 }' | tr '\n' ' ')
N=$(printf '%s\n' "$KOMMUNER" | wc -l)
mn_check "the region has 46 kommuner" [ "$N" -eq 46 ]

mn_region innlandet koord "$NAMES"
mn_region_title innlandet "Innlandet"
mn_title koord "Koordineringsgruppen for Innlandet"
while read -r n knr title; do
	mn_title "$n" "$title kommune" "$knr"
	mn_link "$n" koord
done <<<"$KOMMUNER"
mn_render
mn_check "the coordinator's config is valid" "$NODE" -n -c "$D/koord.ini"
mn_check "the member list is longer than one config line can hold" \
    [ "$(grep -c '^members' "$D/koord.ini")" -gt 1 ]

mn_start koord
for n in $NAMES; do mn_start "$n"; done

pl_ok "regional plan" koord plan set --set "tittel=Handlingsplan mot vold i nære relasjoner" \
    --set periode=2024-2027 --set state=vedtatt --set vedtak.organ=Regionrådet \
    --set vedtak.dato=14.03.2024 --set vedtak.saksnr=12/24 \
    --set "innsatsomrader=Målrettet forebygging; Likeverdige og sammenhengende tjenester; Tiltak mot sårbare grupper"
pl_ok "regional measures" koord import "$DATA/golden-tiltak.csv"
KSEQ=$(mn_head koord koord)
late=""
for n in $NAMES; do
	pl_wait_head "$n" koord "$KSEQ" || late="$late $n"
done
mn_check "every kommune holds the regional plan (late:${late:- none})" [ -z "$late" ]

# Every kommune decides through its own node; a third decline one
# measure, every one reports on GR-MF-01 with a note in Norwegian.
i=0
bad=""
while read -r n knr title; do
	i=$((i + 1))
	"$TOOL" -c "$D/$n.ini" plan set --set state=vedtatt --set vedtak.organ=Kommunestyret \
	    --set "vedtak.dato=$(printf '%02d' $((i % 28 + 1))).06.2024" --set "vedtak.saksnr=$i/24" \
	    --adopt-regional >/dev/null 2>"$D/err" || bad="$bad $n(plan: $(cat "$D/err"))"
	if [ $((i % 3)) -eq 0 ]; then
		"$TOOL" -c "$D/$n.ini" decline GR-SG-02 --reason "Ingen kapasitet i $title i 2025" \
		    >/dev/null 2>"$D/err" || bad="$bad $n(decline: $(cat "$D/err"))"
	fi
	st=igangsatt
	[ $((i % 4)) -eq 0 ] && st=gjennomført
	"$TOOL" -c "$D/$n.ini" report GR-MF-01 --period 2025 --status "$st" \
	    --note "Opplæring i $title: første kull høsten 2025" \
	    >/dev/null 2>"$D/err" || bad="$bad $n(report: $(cat "$D/err"))"
done <<<"$KOMMUNER"
mn_check "46 kommuner adopt, decline and report (failed:${bad:- none})" [ -z "$bad" ]

late=""
for n in $NAMES; do
	pl_wait_head koord "$n" "$(mn_head "$n" "$n")" || late="$late $n"
done
mn_check "the coordinator holds every kommune's decisions (late:${late:- none})" [ -z "$late" ]

# status: 46 peers, every one connected.
pl_ok "status" koord status --json
up=$(printf '%s\n' "$OUT" | python3 -c '
import json, sys
s = json.load(sys.stdin)
print(sum(1 for p in s["peers"] if p.get("connected")))')
mn_check "status shows 46 connected kommuner (got $up)" [ "$up" = 46 ]

# The region report names every kommune, with æøå intact.
pl_ok "region report" koord region
REGION=$OUT
missing=""
while read -r n knr title; do
	printf '%s\n' "$REGION" | grep -q "$title" || missing="$missing $title"
done <<<"$KOMMUNER"
mn_check "region report names all 46 kommuner (missing:${missing:- none})" [ -z "$missing" ]
wide=$(printf '%s\n' "$REGION" | python3 -c '
import sys
print(sum(1 for l in sys.stdin.buffer.read().decode().splitlines()
          if len(l) > 124 and not l.lstrip().startswith("Forklaring")))')
mn_check "no table line of the region report is wider than a page ($wide are)" [ "$wide" = 0 ]
blocks=$(printf '%s\n' "$REGION" | grep -c '^ *Tiltak  *Tittel ')
mn_check "the matrix is printed in blocks of kommuner ($blocks)" [ "$blocks" -ge 4 ]
mn_check "GR-MF-01 counts 11 of 46 kommuner as done" \
    sh -c "printf '%s\n' \"\$1\" | grep 'GR-MF-01' | grep -q '11/46'" _ "$REGION"
mn_check "GR-SG-02 counts the 31 that did not decline" \
    sh -c "printf '%s\n' \"\$1\" | grep 'GR-SG-02' | grep -q '0/31'" _ "$REGION"

pl_ok "evaluation report" koord evaluation show
wide=$(printf '%s\n' "$OUT" | python3 -c '
import sys
print(sum(1 for l in sys.stdin.buffer.read().decode().splitlines()
          if len(l) > 124 and l.startswith("  ")))')
mn_check "no table line of the evaluation report is wider than a page ($wide are)" [ "$wide" = 0 ]
mn_check "the evaluation report names Øystre Slidre" \
    sh -c "printf '%s\n' \"\$1\" | grep -q 'Øystre Slidre'" _ "$OUT"

pl_ok "region report in Markdown" koord region --markdown
mn_check "Markdown names Sør-Fron and Øystre Slidre" \
    sh -c "printf '%s\n' \"\$1\" | grep -q 'Sør-Fron' && printf '%s\n' \"\$1\" | grep -q 'Øystre Slidre'" _ "$OUT"
pl_ok "region report as CSV" koord region --csv
rows=$(printf '%s\n' "$OUT" | grep -c 'GR-MF-01')
mn_check "CSV carries GR-MF-01" [ "$rows" -ge 1 ]
mn_check "CSV names Åsnes" sh -c "printf '%s\n' \"\$1\" | grep -q 'Åsnes'" _ "$OUT"


mn_stop koord
mn_finish
