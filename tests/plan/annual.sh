#!/bin/bash
# annual.sh - the årsrapport for 2025, produced in January 2026 (issue 10
# item 1): a coordinator and three kommuner with titles and
# kommunenummer, a year of decisions and reports written in 2025 by the
# test clock (SAMPLAN_TODAY), then `region --period 2025` in text,
# Markdown and CSV and `plan show --period 2025` compared byte for byte
# with tests/golden/annual-2025.*.  Also: the default period follows
# the clock (a 2026 report lists 2026 as missing), and --technical
# holds what the report no longer shows.
# SP_UPDATE_GOLDEN=1 rewrites the golden files instead of diffing.
NODE=$1 TOOL=$2
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$HERE/../golden
DATA=$HERE/../data
. "$HERE/lib.sh"
mn_init plan-annual

mn_region gjovikregionen koordinator "vestre-toten gjovik ostre-toten"
mn_region_title gjovikregionen "Gjøvikregionen"
mn_title koordinator "Koordineringsgruppen for Gjøvikregionen"
mn_title gjovik "Gjøvik kommune" 3407
mn_title ostre-toten "Østre Toten kommune" 3442
mn_title vestre-toten "Vestre Toten kommune" 3443
for k in gjovik ostre-toten vestre-toten; do mn_link "$k" koordinator; done
mn_render
for n in koordinator gjovik ostre-toten vestre-toten; do mn_start "$n"; done

# 2024: the regional plan, høring and adoption.
export SAMPLAN_TODAY=2024-06-30
pl_ok "regional plan" koordinator plan set --set "tittel=Handlingsplan mot vold i nære relasjoner" \
    --set periode=2024-2027 --set state=vedtatt --set vedtak.organ=Regionrådet \
    --set vedtak.dato=14.03.2024 --set vedtak.saksnr=12/24 \
    --set "innsatsomrader=Målrettet forebygging; Likeverdige og sammenhengende tjenester; Tiltak mot sårbare grupper" \
    --set "mal=Målrettet forebygging: Alle ansatte som møter barn og voksne vet hvordan de skal spørre om vold" \
    --set "mal=Tiltak mot sårbare grupper: Ingen skal falle mellom tjenestene"
pl_ok "regional measures" koordinator import "$DATA/golden-tiltak.csv"
pl_ok "a target value" koordinator measure edit GR-MF-01 --set "malverdi=90" \
    --set "indikator=Andel nyansatte (%) som har fullført løpet innen seks måneder"
pl_bad "a goal for an unknown innsatsområde" mal koordinator plan set --set "mal=Ukjent: x"
for k in gjovik ostre-toten vestre-toten; do
	pl_wait_head "$k" koordinator "$(mn_head koordinator koordinator)"
done
pl_ok "Gjøvik adopts" gjovik plan set --set "state=i kraft" --set vedtak.organ=Kommunestyret \
    --set vedtak.dato=20.06.2024 --set vedtak.saksnr=45/24 --set i_kraft=01.07.2024 --adopt-regional
pl_ok "Østre Toten adopts" ostre-toten plan set --set state=vedtatt --set vedtak.organ=Kommunestyret \
    --set vedtak.dato=13.06.2024 --set vedtak.saksnr=31/24 --adopt-regional
pl_ok "Vestre Toten adopts" vestre-toten plan set --set state=vedtatt --set vedtak.organ=Kommunestyret \
    --set vedtak.dato=2024-06-27 --set vedtak.saksnr=52/24 --adopt-regional
pl_ok "Østre Toten declines GR-SG-02" ostre-toten decline GR-SG-02 \
    --reason "Forvaltningskontoret har ikke kapasitet i planperioden"
pl_ok "Østre Toten moves a frist" ostre-toten adapt GR-MF-04 --set frist=30.06.2026 \
    --reason "Passes inn i ny fagplan fra skoleåret 2025/26"
pl_ok "Gjøvik reports GR-LS-02 done in 2024" gjovik report GR-LS-02 --period 2024 --status gjennomført \
    --note "Kontaktperson utpekt og publisert"

# 2025: the year reported on.
export SAMPLAN_TODAY=2025-12-15
pl_ok "Gjøvik local measure" gjovik measure add 3407-L-01 --set "innsatsomrade=Målrettet forebygging" \
    --set "tittel=Kjærestevold blant studenter" --set frist=årlig --set ansvar=Folkehelsekoordinator
pl_ok "Gjøvik GR-MF-01" gjovik report GR-MF-01 --period 2025 --status igangsatt --note "Første kull i gang; 40 av 52 nyansatte" --verdi "76,9"
pl_ok "Gjøvik GR-LS-03 H1" gjovik report GR-LS-03 --period 2025H1 --status forsinket --note "Avtaleutkast hos krisesenteret"
pl_ok "Gjøvik GR-LS-03 H2" gjovik report GR-LS-03 --period 2025H2 --status gjennomført --note "Avtalen signert 01.10.2025"
pl_ok "Gjøvik local report" gjovik report 3407-L-01 --period 2025 --status løpende --note "Stand ved studiestart"
pl_ok "Østre Toten GR-MF-04" ostre-toten report GR-MF-04 --period 2025 --status utsatt --note "Flyttet til 2026"
pl_ok "Østre Toten GR-SG-04" ostre-toten report GR-SG-04 --period 2025 --status "ikke startet"
pl_ok "Vestre Toten GR-MF-01" vestre-toten report GR-MF-01 --period 2025 --status løpende --note "Del av introduksjonsprogrammet for alle nyansatte" --verdi 95
pl_ok "Vestre Toten GR-SG-04 (markup and a formula in a note)" vestre-toten report GR-SG-04 --period 2025 \
    --status forsinket --note "=1+1 <b>rutine</b> & «avklaring» ventes"
pl_ok "Vestre Toten GR-SG-06" vestre-toten report GR-SG-06 --period 2025 --status gjennomført --note "To kull høsten 2025 – «Trygg i Norge»"
pl_ok "Vestre Toten GR-LS-03" vestre-toten report GR-LS-03 --period 2025 --status bortfalt --note "Dekkes av avtalen i Gjøvik"
for k in gjovik ostre-toten vestre-toten; do
	pl_wait_head koordinator "$k" "$(mn_head "$k" "$k")"
done
mn_check "all four agree" mn_wait_converged 20 koordinator gjovik ostre-toten vestre-toten

# January 2026: the report for 2025.
export SAMPLAN_TODAY=2026-01-20
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
golden annual-2025.out koordinator region --period 2025
golden annual-2025.md koordinator region --period 2025 --markdown
golden annual-2025.csv koordinator region --period 2025 --csv
golden annual-plan-ostre-toten-2025.out koordinator plan show --kommune ostre-toten --period 2025
golden annual-2025.html koordinator region --period 2025 --html
golden annual-2025-excel.csv koordinator region --period 2025 --excel

pl_run koordinator region --period 2025 --html
pl_has "html: a page in Norwegian" '<html lang="nb">'
pl_has "html: column heads for screen readers" '<th scope="col">Kommune</th>'
pl_has "html: markup in a note is escaped" '=1+1 &lt;b&gt;rutine&lt;/b&gt; &amp; «avklaring» ventes'
pl_lacks "html: no markup from a kommune" '<b>rutine'
pl_lacks "html: no external resources" 'http'
pl_lacks "html: no scripts" '<script'
pl_has "html: æøå as UTF-8" 'Østre Toten kommune'
pl_run koordinator region --period 2025 --excel
mn_check "excel: starts with a BOM" [ "$(head -c 3 "$D/out" | od -An -tx1 | tr -d ' ')" = efbbbf ]
pl_has "excel: semicolons" 'periode;innsatsomrade;tiltak;tittel'
pl_has "excel: a formula is neutralised" "'=1+1 <b>rutine</b>"
pl_has "excel: decimal comma" ';76,9'
pl_run koordinator region --period 2025
pl_has "goals of the innsatsområder" "Ingen skal falle mellom tjenestene"
pl_has "target against reached" "GR-MF-01  Andel nyansatte (%) som har fullført lø…        90    76,9            -            95"

pl_run koordinator region --period 2025
pl_has "kommune titles" "Østre Toten kommune"
pl_has "columns in kommunenummer order" "Gjøvik  Østre Toten  Vestre Toten"
pl_has "Norwegian date of the end of the period" "Status ved utgangen av 2025 (31.12.2025)"
pl_has "a note" "Første kull i gang; 40 av 52 nyansatte"
pl_has "decline with its reason" "Forvaltningskontoret har ikke kapasitet i planperioden"
pl_has "the change" "frist: 31.12.2025 → 30.06.2026"
pl_has "a 2024 gjennomført still counts at the end of 2025" "gjennomført (2024)"
pl_has "the H2 report is the status at year end" "gjennomført (2025H2)"
pl_lacks "no technical section" "Kopier"
pl_run koordinator region
pl_has "default period: the year of the test clock" "Mangler rapport for perioden 2026"
pl_run koordinator region --technical
pl_has "--technical: copies" "Kopier: hvor langt hver node er kommet her"
pl_bad "a bad period" period koordinator region --period 2025Q1

# The CSV holds each kommune's local measures as the text form does, so
# its counts agree: Østre Toten's own measure with no report for 2025.
pl_ok "Østre Toten local measure" ostre-toten measure add 3442-L-01 --set "innsatsomrade=Målrettet forebygging" \
    --set "tittel=Foreldremøter om digital vold" --set frist=årlig
pl_wait_head koordinator ostre-toten "$(mn_head ostre-toten ostre-toten)"
pl_run koordinator region --period 2025
text=$(printf '%s\n' "$OUT" | python3 -c '
import re, sys
lines = sys.stdin.read().splitlines()
n = {}
for l in lines[lines.index("Mangler rapport for perioden 2025") + 2:]:
    if not l.strip():
        break
    m = re.match(r"  (\S.*?)  +(\d+)  ", l)
    if m:
        n[m.group(1)] = int(m.group(2))
print(" ".join(sorted("%s=%d" % kv for kv in n.items())) + " ")')
pl_run koordinator region --period 2025 --csv
pl_has "csv: a local measure's row, marked lokalt" "2025,Målrettet forebygging,3442-L-01,Foreldremøter om digital vold,Østre Toten kommune,3442,,,,,,,årlig,,,,ja,,,,lokalt"
pl_has "csv: a regional row is marked regionalt" "Kommunalsjef oppvekst; Kommunalsjef helse og omsorg,,,,,90,76.9,regionalt"
csv=$(printf '%s\n' "$OUT" | python3 -c '
import csv, sys, collections
n = collections.Counter(r["kommune"] for r in csv.DictReader(sys.stdin)
                        if r["mangler_rapport"] == "ja")
print(" ".join(sorted("%s=%d" % kv for kv in n.items())) + " ")')
mn_check "csv: mangler_rapport per kommune as in the text ($text / $csv)" [ "$text" = "$csv" ]
mn_check "csv: Østre Toten's local measure counted" sh -c "printf '%s' \"\$1\" | grep -q 'Østre Toten kommune=5'" _ "$csv"

# Markdown shows < > & as typed: a renderer would take <viktig> as HTML
# and &amp; as an entity.  In a cell | is escaped too; in a paragraph not.
pl_ok "a local measure with markup in its title" ostre-toten measure add 3442-L-02 \
    --set "innsatsomrade=Målrettet forebygging" --set "tittel=Foreldremøter <i skolen>" --set frist=årlig
pl_ok "a note with | < > &" ostre-toten report 3442-L-02 --period 2025 --status utsatt \
    --note "utsatt | ny dato <viktig> & «haster» &amp;"
pl_ok "the plan's resources with < and &" koordinator plan set --set "ressurser=Koordinator <20 %> & midler | fond"
pl_wait_head koordinator ostre-toten "$(mn_head ostre-toten ostre-toten)"
pl_run koordinator region --period 2025 --markdown
pl_has "markdown: a note's markup escaped" '=1+1 &lt;b&gt;rutine&lt;/b&gt; &amp; «avklaring» ventes'
pl_has "markdown: a title's markup escaped" 'Foreldremøter &lt;i skolen&gt;'
pl_has "markdown: | < > & in a note" 'utsatt \| ny dato &lt;viktig&gt; &amp; «haster» &amp;amp;'
pl_lacks "markdown: no <viktig> for a renderer" '<viktig>'
pl_lacks "markdown: no <i skolen>" '<i skolen>'
pl_lacks "markdown: no <b> from a kommune" '<b>'
pl_run koordinator plan show --markdown
pl_has "markdown: a paragraph escaped, its | kept" 'Ressurser: Koordinator &lt;20 %&gt; &amp; midler | fond'
mn_finish
