#!/bin/bash
# commands.sh - every plan command on a coordinator and two kommuner, and
# every bad input of issue 4 point 6: exit 2, one line naming the field,
# nothing written.  Also import -> export -> import round trips (comma,
# semicolon with BOM and CRLF) that change nothing.
NODE=$1 TOOL=$2
DATA=$(cd "$(dirname "$0")/../data" && pwd)
. "$(dirname "$0")/lib.sh"
mn_init plan-commands
export SAMPLAN_TODAY=2026-03-01

mn_region r koord "ka kb"
mn_link ka koord
mn_link kb koord
mn_render
for n in koord ka kb; do mn_start "$n"; done

AREAS="Målrettet forebygging; Likeverdige og sammenhengende tjenester; Tiltak mot sårbare grupper"

# ---- the coordinator's plan and measures
pl_ok "coordinator: plan set" koord plan set --set "tittel=Handlingsplan mot vold i nære relasjoner" \
    --set periode=2024-2027 --set state=vedtatt --set vedtak.organ=Regionrådet \
    --set vedtak.dato=14.03.2024 --set vedtak.saksnr=12/24 --set "innsatsomrader=$AREAS"
pl_run koord dump --feed koord --json
pl_has "vedtak date converted from dd.mm.yyyy" '"dato": "2024-03-14"'
pl_ok "coordinator: import 33 regional measures" koord import "$DATA/example-gjovikregionen.csv"
pl_has "import counts" "33 new, 0 changed, 0 unchanged"
pl_ok "coordinator: measure add" koord measure add GR-SG-12 --set "innsatsomrade=Tiltak mot sårbare grupper" \
    --set "tittel=Trygg hjemme for eldre" --set frist=2027 --set "ansvar=Leder hjemmetjenesten" --set malgruppe=Eldre
pl_ok "coordinator: measure edit" koord measure edit GR-MF-02 --set frist=2025-12-31 --set "ansvar=Leder helsestasjon"
pl_bad "retire without a reason" reason koord measure retire GR-MF-10
pl_ok "coordinator: measure retire" koord measure retire GR-MF-10 --reason "Slått sammen med GR-MF-01"
pl_ok "frist årlig accepted" koord measure edit GR-SG-12 --set frist=årlig
pl_ok "frist løpende accepted" koord measure edit GR-SG-12 --set frist=løpende
pl_ok "unchanged edit writes nothing" koord measure edit GR-SG-12 --set frist=løpende
pl_has "unchanged edit says so" "unchanged; nothing written"

pl_bad "unknown innsatsområde refused" innsatsomrade koord measure add GR-X-01 --set innsatsomrade=Ukjent --set tittel=T
# Input in the users' words (issue 10 item 3): dates as 31.12.2026 in
# every field, løpende/årlig in any case, stored in the canonical form.
pl_ok "frist 31.12.2026 accepted" koord measure edit GR-SG-12 --set frist=31.12.2026
pl_run koord dump --feed koord --json
pl_has "frist stored as ISO" '"frist": "2026-12-31"'
pl_ok "frist 'Løpende' (capital) accepted" koord measure edit GR-SG-12 --set frist=Løpende
pl_run koord dump --feed koord --json
pl_has "frist stored as løpende" '"frist": "løpende"'
pl_bad "frist outside FristSpec" frist koord measure add GR-X-01 --set "innsatsomrade=Tiltak mot sårbare grupper" --set tittel=T --set frist=31.13.2026
mn_check "frist error names the value and the forms" grep -q '«31.13.2026».*31.12.2026 or 2026-12-31' "$D/err"
pl_bad "unknown field" farge koord measure edit GR-MF-01 --set farge=blå
pl_bad "unknown measure (edit)" measure koord measure edit GR-XX-99 --set tittel=x
pl_bad "existing id on add" id koord measure add GR-MF-01 --set "innsatsomrade=Tiltak mot sårbare grupper" --set tittel=T
pl_bad "invalid UTF-8 in a value" tittel koord measure edit GR-MF-01 --set "tittel=$(printf 'bl\xe5')"
pl_bad "invalid UTF-8 in an option" reason ka decline GR-MF-01 --reason "$(printf '\xff')"
pl_bad "retired measure cannot be edited" measure koord measure edit GR-MF-10 --set tittel=x
pl_bad "coordinator adapting a measure" adapt koord adapt GR-MF-01 --set frist=2030
pl_bad "coordinator reporting on a measure each kommune runs" measure koord report GR-MF-01 --period 2026 --status igangsatt
pl_bad "bad plan state" state koord plan set --set state=ferdig
pl_bad "unknown plan field" farge koord plan set --set farge=rød

mn_check "kommuner receive the regional plan" pl_wait_head ka koord "$(mn_head koord koord)"
pl_wait_head kb koord "$(mn_head koord koord)"

# ---- a kommune's decisions, local measures and reports
pl_ok "kommune: plan set and adopt the regional plan" ka plan set --set state=vedtatt \
    --set vedtak.organ=Kommunestyret --set vedtak.dato=2024-06-20 --set vedtak.saksnr=45/24 --adopt-regional
pl_ok "kommune: adopt, the id in lower case" ka adopt gr-mf-06
pl_has "the id is the measure's own" "adopt GR-MF-06"
pl_ok "kommune: adapt" ka adapt GR-LS-02 --set "ansvar=Enhetsleder forebyggende tjenester" --set frist=2025-06-30 --reason "Egen enhet"
pl_ok "kommune: decline with reason" ka decline GR-SG-02 --reason "Ikke kapasitet i 2025"
pl_ok "kommune: local measure" ka measure add ka-L-01 --set "innsatsomrade=Målrettet forebygging" \
    --set "tittel=Kjærestevold blant studenter" --set frist=årlig --set ansvar=Folkehelsekoordinator
pl_ok "kommune: report on a regional measure" ka report GR-MF-01 --period 2026 --status igangsatt --note "Første kull i gang"
pl_ok "kommune: report on a local measure" ka report ka-L-01 --period 2026H1 --status gjennomfort
pl_ok "kommune: report with all status codes" ka report GR-MF-03 --period 2025 --status forsinket
pl_ok "kommune: edit its local measure" ka measure edit ka-L-01 --set frist=2026-12-31

pl_bad "decline without a reason" reason ka decline GR-MF-05
pl_bad "decline with an empty reason" reason ka decline GR-MF-05 --reason ""
pl_bad "kommune writing a regional measure" measure ka measure edit GR-MF-01 --set tittel=Lokal
pl_bad "kommune retiring a regional measure" measure ka measure retire GR-MF-01
pl_bad "kommune adding a regional id" measure ka measure add GR-MF-01 --set "innsatsomrade=Målrettet forebygging" --set tittel=T
pl_bad "adopt of an unknown measure" measure ka adopt GR-XX-99
pl_bad "adapt of an unknown field" farge ka adapt GR-MF-01 --set farge=blå
pl_bad "adapt of a field that may not be overridden" innsatsomrade ka adapt GR-MF-01 --set innsatsomrade=X
pl_bad "adapt with a bad frist" frist ka adapt GR-MF-01 --set frist=snart
pl_bad "adapt without fields" set ka adapt GR-MF-01
pl_bad "unknown status" status ka report GR-MF-01 --period 2026 --status ferdig
mn_check "status error lists the labels" grep -q '«ferdig» is not a status (ikke startet, igangsatt, gjennomført, løpende' "$D/err"
pl_ok "status as its label" ka report GR-MF-05 --period 2025 --status "Ikke startet" --note "Venter på midler"
pl_ok "status label with ø" ka report GR-MF-07 --period 2025 --status gjennomført
pl_run ka dump --feed ka --json
pl_has "label stored as its code" '"status": "ikke_startet"'
pl_has "label with ø stored as its code" '"status": "gjennomfort"'
pl_ok "plan state as its label" kb plan set --set "state=På høring"
pl_run kb dump --feed kb --json
pl_has "state label stored as its code" '"state": "paa_hoering"'
pl_bad "unknown plan state names the labels" state kb plan set --set state=ferdig
mn_check "state error lists the labels" grep -q 'på høring' "$D/err"
pl_ok "id with Norwegian letters" ka measure add ka-ÆR-1 --set "innsatsomrade=Tiltak mot sårbare grupper" \
    --set "tittel=Æresrelatert vold: kompetanse i skolen" --set frist=31.12.2026
pl_ok "report on an id with æøå" ka report ka-ÆR-1 --period 2026 --status igangsatt
pl_run ka plan show
pl_has "id with æøå shown" "ka-ÆR-1"
# A CSV saved by Excel in Windows-1252 is converted, not refused.
printf 'id;innsatsomrade;tittel;frist\r\nka-L-09;Tiltak mot sårbare grupper;Trygghetsalarm for eldre på øyene;31.12.2027\r\n' |
    iconv -f UTF-8 -t WINDOWS-1252 >"$D/cp1252.csv"
pl_ok "import of a Windows-1252 CSV" ka import "$D/cp1252.csv"
mn_check "Windows-1252 conversion is said" grep -q 'read as Windows-1252' "$D/err"
pl_run ka plan show --csv
pl_has "Windows-1252 text arrives as UTF-8" "ka-L-09,Tiltak mot sårbare grupper,Trygghetsalarm for eldre på øyene"
pl_has "Windows-1252 file's date converted" "2027-12-31"
pl_bad "unknown period" period ka report GR-MF-01 --period 2026Q1 --status igangsatt
pl_bad "missing period" period ka report GR-MF-01 --status igangsatt
pl_bad "report on an unknown measure" measure ka report GR-XX-99 --period 2026 --status igangsatt
pl_bad "local measure outside the innsatsområder" innsatsomrade ka measure add ka-L-02 --set innsatsomrade=Annet --set tittel=T
pl_bad "kommune setting a bad regional version" regional_version ka plan set --set regional_version=99999

# ---- views
pl_ok "plan show (text)" ka plan show
pl_has "plan show: adapted origin" "GR-LS-02  tilpasset"
pl_has "plan show: local origin" "ka-L-01   lokalt"
pl_has "plan show: declined" "GR-SG-02  avslått"
pl_has "plan show: Norwegian status label" "igangsatt (2026)"
pl_has "plan show: status gjennomført" "gjennomført (2026H1)"
pl_has "plan show: overdue marked" "forfalt"
pl_has "plan show: retired measure kept, avsluttet with its reason" "avsluttet: Slått sammen med GR-MF-01"
pl_ok "plan show --json" ka plan show --json
pl_has "json: origin key" '"origin": "adapted"'
pl_has "json: override pair" '"local": "Enhetsleder forebyggende tjenester"'
pl_ok "plan show --html" ka plan show --html
pl_has "plan show html: a page" '<!DOCTYPE html>'
pl_has "plan show html: column heads with scope" '<th scope="col">ID</th>'
pl_has "plan show html: æøå" 'Kjærestevold blant studenter'
pl_ok "plan show --excel" ka plan show --excel
pl_has "plan show excel: semicolons" 'id;innsatsomrade;tittel'
pl_bad "two formats at once" show ka plan show --html --csv
pl_ok "region --technical --html" koord region --technical --html
pl_has "technical html: the copies table" '<th scope="col">Node</th>'
pl_ok "plan show --csv" ka plan show --csv
pl_has "csv: header uses the field names" "id,innsatsomrade,tittel,beskrivelse,ansvar,samarbeidspartnere,frist,indikator,malgruppe,origin"
pl_ok "plan show --kommune from the coordinator" koord plan show --kommune ka
mn_check "kommune's data reaches the coordinator" pl_wait_head koord ka "$(mn_head ka ka)"
pl_ok "plan show --kommune ka on koord" koord plan show --kommune ka
pl_has "coordinator sees ka's adaptation" "GR-LS-02  tilpasset"
pl_bad "plan show of an unknown kommune" kommune koord plan show --kommune nowhere
pl_ok "region (text)" koord region
pl_has "region: adapt cell" "GR-LS-02"
pl_has "region: decline reason in exceptions" "Ikke kapasitet i 2025"
pl_has "region: changed deadline old → new" "frist: 31.12.2024 → 30.06.2025"
pl_has "region: undecided for kb" "Ikke tatt stilling"
pl_ok "region --markdown" koord region --markdown
pl_has "markdown table" "| Tiltak | Tittel | ka | kb | Gj.ført |"
pl_ok "region --json" koord region --json
pl_has "region json: exceptions" '"kind": "declined"'
pl_ok "region --csv" koord region --csv
pl_has "region csv: a cell row" "2026,Likeverdige og sammenhengende tjenester,GR-LS-02,"
pl_ok "history" koord history GR-MF-02
pl_has "history: created" "opprettet"
pl_has "history: the change" "frist: 2025-06-30 → 2025-12-31"
pl_ok "history --json" koord history GR-LS-02 --json
pl_has "history json: the kommune's decision" '"node": "ka"'
pl_ok "history --csv" koord history GR-LS-02 --csv
pl_bad "history of an unknown measure" measure koord history GR-XX-99

# ---- import / export round trips
pl_ok "export" koord export --out "$D/a.csv"
pl_ok "import of the export changes nothing" koord import "$D/a.csv"
pl_has "nothing new or changed" "0 new, 0 changed, 33 unchanged"
pl_ok "export again" koord export --out "$D/b.csv"
mn_check "export -> import -> export is identical" cmp -s "$D/a.csv" "$D/b.csv"
pl_ok "export --semicolon" koord export --semicolon --out "$D/s.csv"
printf '\357\273\277' >"$D/sbom.csv"
cat "$D/s.csv" >>"$D/sbom.csv"
pl_ok "import semicolon, BOM, CRLF changes nothing" koord import "$D/sbom.csv"
pl_has "semicolon import: all unchanged" "0 new, 0 changed, 33 unchanged"
tr -d '\r' <"$D/a.csv" >"$D/lf.csv"
pl_ok "import LF-only changes nothing" koord import "$D/lf.csv"
pl_has "LF import: all unchanged" "0 new, 0 changed, 33 unchanged"
# An export of an earlier day imports again: the since-retired GR-MF-10
# is left alone and said so (issue 10 item 6).
pl_ok "an old export with a retired measure imports" koord import "$DATA/example-gjovikregionen-semicolon.csv"
pl_has "old export: the retired measure left alone" "1 avsluttet (retired) measures left as they are"
pl_run koord plan show
pl_has "old export did not bring GR-MF-10 back" "avsluttet: Slått sammen med GR-MF-01"

# A file with two bad rows: both reported by line and column, nothing written.
{
	printf 'tittel,id,innsatsomrade,frist\n'
	printf 'Ny A,GR-N-01,Tiltak mot sårbare grupper,2026\n'
	printf 'Ny B,GR-N-02,Tiltak mot sårbare grupper,snart\n'
	printf 'Ny C,GR-N-03,Tiltak mot sårbare grupper,2026\n'
	printf 'Ny D,GR-N-04,Ukjent område,2026\n'
} >"$D/bad.csv"
before=$(mn_head koord koord)
pl_run koord import "$D/bad.csv"
mn_check "bad import exits 2" [ "$RC" -eq 2 ]
mn_check "bad import: line 3 column 4 frist" grep -q 'bad.csv:3:4: frist: ' "$D/err"
mn_check "bad import: line 5 column 3 innsatsomrade" grep -q 'bad.csv:5:3: innsatsomrade: ' "$D/err"
mn_check "bad import: nothing written" [ "$(mn_head koord koord)" = "$before" ]
printf 'id,innsatsomrade,tittel\nGR-N-09,Tiltak mot sårbare grupper,\xc3\x28bad\n' >"$D/utf.csv"
pl_run koord import "$D/utf.csv"
mn_check "import with invalid UTF-8 exits 2" [ "$RC" -eq 2 ]
mn_check "import with invalid UTF-8 names line and field" grep -q 'utf.csv:2:3: tittel: ' "$D/err"
pl_run ka import "$D/a.csv"
mn_check "kommune importing regional ids refused" [ "$RC" -eq 2 ]
mn_check "kommune import names the id" grep -q 'a.csv:2:1: id: GR-LS-01 is a regional measure' "$D/err"
pl_ok "kommune export of local measures" ka export
pl_has "kommune export has its local measure" "ka-L-01,Målrettet forebygging,Kjærestevold blant studenter"

# ---- import-decisions (DOMAIN.md 3.2's format), on kb
{
	printf 'kommune,regional_id,action,overridden_fields,reason\r\n'
	printf 'kb,GR-MF-06,adopt,,\r\n'
	printf 'kb,GR-LS-03,adapt,"samarbeidspartnere=Gjøvik Krisesenter IKS; Husbanken | frist=2025-03-31",Boligen først\r\n'
	printf 'ka,GR-MF-07,decline,,Ikke vår rad\r\n'
	printf 'kb,GR-SG-06,decline,,Kjøpes av vertskommunen\r\n'
	printf 'kb,,local,"id=kb-L-01 | innsatsomrade=Tiltak mot sårbare grupper | tittel=Trygghetsbesøk | frist=løpende",Mange eldre bor alene\r\n'
} >"$D/dec.csv"
sed 's/Kjøpes av vertskommunen//' "$D/dec.csv" >"$D/dec-bad.csv"
before=$(mn_head kb kb)
pl_run kb import-decisions "$D/dec-bad.csv"
mn_check "import-decisions: a decline without reason refuses the file" [ "$RC" -eq 2 ]
mn_check "import-decisions: names line and field" grep -q 'dec-bad.csv:5: reason: ' "$D/err"
mn_check "import-decisions: nothing written" [ "$(mn_head kb kb)" = "$before" ]
# Kommune names match exactly: a prefix or an unknown name refuses the
# whole file, naming the line (no silent skip).
sed 's/^ka,GR-MF-07/k,GR-MF-07/' "$D/dec.csv" >"$D/dec-prefix.csv"
pl_run kb import-decisions "$D/dec-prefix.csv"
mn_check "import-decisions: a bare prefix refuses the file" [ "$RC" -eq 2 ]
mn_check "import-decisions: the prefix is named with its line" grep -q 'dec-prefix.csv:4: kommune: «k» is no kommune of r' "$D/err"
mn_check "import-decisions: nothing written for a prefix" [ "$(mn_head kb kb)" = "$before" ]
sed 's/^ka,GR-MF-07/Nowhere,GR-MF-07/' "$D/dec.csv" >"$D/dec-unknown.csv"
pl_run kb import-decisions "$D/dec-unknown.csv"
mn_check "import-decisions: an unknown kommune refuses the file" grep -q 'dec-unknown.csv:4: kommune: «Nowhere»' "$D/err"
pl_ok "import-decisions" kb import-decisions "$D/dec.csv"
pl_has "import-decisions: four rows for kb, one skipped" "4 written for kb, 1 rows of other kommuner"
pl_run kb plan show --csv
pl_has "decisions applied: adapt with two fields" 'GR-LS-03,Likeverdige og sammenhengende tjenester,Oppfølging etter krisesenteropphold'
pl_has "decisions applied: the override" 'Gjøvik Krisesenter IKS; Husbanken,2025-03-31'
pl_has "decisions applied: local measure" 'kb-L-01,Tiltak mot sårbare grupper,Trygghetsbesøk'
pl_has "decisions applied: decline" 'declined,decline'
pl_bad "import-decisions on the coordinator" import-decisions koord import-decisions "$D/dec.csv"

mn_finish
