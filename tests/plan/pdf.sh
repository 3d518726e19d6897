#!/bin/bash
# pdf.sh - the årsrapport as HTML printed to PDF by headless Chromium,
# and the PDF's text read back with pdftotext: the kommune titles and
# æøå must survive (issue 10 item 2).  Exits 77 (skipped) when Chromium
# or pdftotext is not installed; neither is a dependency of samplan.
NODE=$1 TOOL=$2
DATA=$(cd "$(dirname "$0")/../data" && pwd)
CHROMIUM=""
for c in chromium chromium-browser google-chrome; do
	command -v "$c" >/dev/null 2>&1 && { CHROMIUM=$c; break; }
done
if [ -z "$CHROMIUM" ] || ! command -v pdftotext >/dev/null 2>&1; then
	echo "pdf.sh: skipped: needs headless Chromium (chromium) and pdftotext (poppler-utils), not installed here"
	exit 77
fi
. "$(dirname "$0")/lib.sh"
mn_init plan-pdf
export SAMPLAN_TODAY=2026-01-20

mn_region gjovikregionen koordinator "ostre-toten"
mn_region_title gjovikregionen "Gjøvikregionen"
mn_title ostre-toten "Østre Toten kommune" 3442
mn_link ostre-toten koordinator
mn_render
for n in koordinator ostre-toten; do mn_start "$n"; done
pl_ok "regional plan" koordinator plan set --set "tittel=Handlingsplan mot vold i nære relasjoner" \
    --set periode=2024-2027 \
    --set "innsatsomrader=Målrettet forebygging; Likeverdige og sammenhengende tjenester; Tiltak mot sårbare grupper"
pl_ok "regional measures" koordinator import "$DATA/golden-tiltak.csv"
pl_wait_head ostre-toten koordinator "$(mn_head koordinator koordinator)"
pl_ok "a report with æøå" ostre-toten report GR-SG-04 --period 2025 --status påbegynt --note "Særlig søknad før påske"
pl_wait_head koordinator ostre-toten "$(mn_head ostre-toten ostre-toten)"
pl_run koordinator region --period 2025 --html
printf '%s\n' "$OUT" >"$D/arsrapport.html"
timeout 120 "$CHROMIUM" --headless --disable-gpu --no-sandbox \
    --print-to-pdf="$D/arsrapport.pdf" "file://$D/arsrapport.html" >"$D/chromium.log" 2>&1
mn_check "Chromium printed a PDF" [ -s "$D/arsrapport.pdf" ]
pdftotext -enc UTF-8 "$D/arsrapport.pdf" "$D/arsrapport.txt"
mn_check "the PDF holds the kommune title" grep -q "Østre Toten kommune" "$D/arsrapport.txt"
mn_check "the PDF holds æøå from a note" grep -q "Særlig søknad før påske" "$D/arsrapport.txt"
mn_check "the PDF holds the title" grep -q "Årsrapport 2025" "$D/arsrapport.txt"
mn_finish
