#!/bin/bash
# reports.sh - a year of status reports in one file across three
# kommuner and the coordination group (issue 10 item 4): each node
# imports the same file and writes its own rows in one transaction; the
# coordinator reports on the measure the region runs itself
# (gjennomfores_av=region), which the matrix shows in its own column.
# A bad row, an unknown kommune or a repeated row refuses the whole file
# by line with nothing written; semicolons, BOM, CRLF and Excel's
# Windows-1252 are read.
NODE=$1 TOOL=$2
DATA=$(cd "$(dirname "$0")/../data" && pwd)
. "$(dirname "$0")/lib.sh"
mn_init plan-reports
export SAMPLAN_TODAY=2025-12-20

mn_region gjovikregionen koordinator "gjovik ostre-toten vestre-toten"
mn_title koordinator "Koordineringsgruppen"
mn_title gjovik "Gjøvik kommune" 3407
mn_title ostre-toten "Østre Toten kommune" 3442
mn_title vestre-toten "Vestre Toten kommune" 3443
for k in gjovik ostre-toten vestre-toten; do mn_link "$k" koordinator; done
mn_render
for n in koordinator gjovik ostre-toten vestre-toten; do mn_start "$n"; done

pl_ok "regional plan" koordinator plan set --set "tittel=Handlingsplan" --set periode=2024-2027 \
    --set "innsatsomrader=Målrettet forebygging; Likeverdige og sammenhengende tjenester; Tiltak mot sårbare grupper"
pl_ok "regional measures" koordinator import "$DATA/golden-tiltak.csv"
pl_ok "the region runs GR-LS-02 itself" koordinator measure edit GR-LS-02 --set gjennomfores_av=Regionen
for k in gjovik ostre-toten vestre-toten; do
	pl_wait_head "$k" koordinator "$(mn_head koordinator koordinator)"
	pl_ok "$k adopts" "$k" plan set --set state=vedtatt --set vedtak.organ=Kommunestyret \
	    --set vedtak.dato=20.06.2024 --adopt-regional
done

{
	printf 'kommune,tiltak,periode,status,merknad,verdi\r\n'
	printf 'Gjøvik,GR-MF-01,2025,igangsatt,"Første kull, 40 av 52",77\r\n'
	printf 'Gjøvik,GR-MF-04,2025H1,ikke startet,,\r\n'
	printf 'Gjøvik,GR-MF-04,2025h2,igangsatt,Oppstart høsten,\r\n'
	printf 'Gjøvik kommune,GR-LS-03,2025,gjennomført,Avtale signert,\r\n'
	printf 'Østre Toten,GR-MF-01,2025,Løpende,,"12,5"\r\n'
	printf 'Østre Toten,GR-SG-04,2025,forsinket,Mangler kontaktperson,\r\n'
	printf 'Vestre Toten,GR-SG-06,2025,gjennomført,To kull,\r\n'
	printf 'Vestre Toten,gr-mf-01,2024,påbegynt,,\r\n'
	printf 'Regionen,GR-LS-02,2025,gjennomført,Kontaktpersoner utpekt i alle fem,\r\n'
} >"$D/rapporter.csv"

# Every bad row named by its line, nothing written.
sed -e 's/^Østre Toten,GR-SG-04,2025,forsinket/Østre Toten,GR-SG-04,2025,ferdig/' \
    -e 's/^Vestre Toten,GR-SG-06,2025,/Vestre Toten,GR-SG-06,2035,/' "$D/rapporter.csv" >"$D/bad.csv"
before=$(mn_head ostre-toten ostre-toten)
pl_run ostre-toten import-reports "$D/bad.csv"
mn_check "a bad status refuses the file" [ "$RC" -eq 2 ]
mn_check "the bad row is named by line and field" grep -q 'bad.csv:7: status: «ferdig» is not a status' "$D/err"
mn_check "nothing written" [ "$(mn_head ostre-toten ostre-toten)" = "$before" ]
pl_run vestre-toten import-reports "$D/bad.csv"
mn_check "a period not begun is named by line" grep -q 'bad.csv:8: periode: 2035 has not begun' "$D/err"
sed 's/^Østre Toten,GR-MF-01/Østre,GR-MF-01/' "$D/rapporter.csv" >"$D/prefix.csv"
pl_run gjovik import-reports "$D/prefix.csv"
mn_check "an unknown kommune refuses the file, even on another node" grep -q 'prefix.csv:6: kommune: «Østre» is no kommune' "$D/err"
mn_check "and nothing is written" [ "$RC" -eq 2 ]
{ cat "$D/rapporter.csv"; printf 'Gjøvik,GR-MF-01,2025,løpende,,\r\n'; } >"$D/twice.csv"
pl_run gjovik import-reports "$D/twice.csv"
mn_check "a row repeated refuses the file" grep -q 'twice.csv:11: tiltak: GR-MF-01 2025 is reported twice (first on line 2)' "$D/err"

# The same file on every node: each writes its own rows, at once.
pl_ok "Gjøvik imports" gjovik import-reports "$D/rapporter.csv"
pl_has "Gjøvik: four rows, five skipped" "4 written for gjovik, 5 rows of other kommuner"
pl_ok "Østre Toten imports" ostre-toten import-reports "$D/rapporter.csv"
pl_has "Østre Toten: two rows" "2 written for ostre-toten, 7 rows of other kommuner"
# Vestre Toten's copy comes from Excel: semicolons and Windows-1252.
sed 's/,/;/g' "$D/rapporter.csv" | sed 's/"Første kull; 40 av 52"/"Første kull, 40 av 52"/' |
    iconv -f UTF-8 -t WINDOWS-1252 >"$D/excel.csv"
pl_ok "Vestre Toten imports the Excel file" vestre-toten import-reports "$D/excel.csv"
pl_has "Vestre Toten: two rows" "2 written for vestre-toten, 7 rows of other kommuner"
pl_bad "a kommune cannot report on the region's measure" measure gjovik report GR-LS-02 --period 2025 --status igangsatt
pl_ok "the coordinator imports the region's row" koordinator import-reports "$D/rapporter.csv"
pl_has "coordinator: one row" "1 written for koordinator, 8 rows of other kommuner"
for k in gjovik ostre-toten vestre-toten; do pl_wait_head koordinator "$k" "$(mn_head "$k" "$k")"; done

pl_run koordinator region --period 2025
pl_has "the region's own column" "Regionen"
pl_has "a comma in a quoted note" "Første kull, 40 av 52"
pl_has "H2 after H1 is the status, 2025h2 stored as 2025H2" "igangsatt (2025H2)"
pl_ok "a period in lower case is taken on the command line" koordinator \
    region --period 2025t3
pl_has "the region's own status with its note" "Kontaktpersoner utpekt i alle fem"
pl_has "a label in any case" "løpende (2025)"
pl_has "påbegynt is igangsatt, and a lower-case id found" "igangsatt (2024)"
pl_run ostre-toten dump --feed ostre-toten --json
pl_has "verdi 12,5 stored as 12.5" '"verdi": "12.5"'
pl_run koordinator region --period 2025 --csv
pl_has "csv: Østre Toten's row" "2025,Tiltak mot sårbare grupper,GR-SG-04,Negativ sosial kontroll og æresrelatert vold,Østre Toten kommune,3442,vedtatt,ja,,forsinket,2025,Mangler kontaktperson"
mn_finish
