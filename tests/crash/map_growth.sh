#!/bin/bash
# map_growth.sh - RELIABILITY.md C5: read-only tools across map growth.
# A node starts with a 1 MiB map and takes writes until its map has
# doubled DOUBLINGS times.  Meanwhile a reader that keeps one environment
# open (sp_reader loop: short read txns, each verifying every chain and
# head signature) and a loop of `samplan verify --quick` run against the
# store.  The reader must absorb MDB_MAP_RESIZED at least once (it counts
# them) and neither may ever see an error, a broken chain, or a head
# going backwards.  Every acked record is present at the end.
#
# usage: map_growth.sh SAMPLAN_NODE SAMPLAN SP_WRITER SP_READER [--full]
#   CI size: 1 MiB -> 8 MiB (3 doublings).  --full: -> 64 MiB (6).
NODE=$1 TOOL=$2 WRITER=$3 READER=$4
DOUBLINGS=3
[ "${5:-}" = --full ] && DOUBLINGS=6
CHUNK=2000
MAX_RECORDS=300000
. "$(dirname "$0")/../multinode/lib.sh"
. "$(dirname "$0")/crashlib.sh"
mn_init growth
export MN_MAP_SIZE=1048576
mn_add_node a
mn_render
mn_start a
"$WRITER" "$D/a" 100 first 64 >"$D/acked" || { mn_log "first write failed"; exit 1; }

grown() {
	grep -c "map full: grew to" "$D/a.log"
}

"$READER" loop "$D/a" 600 >"$D/reader.out" 2>"$D/reader.err" &
rpid=$!
: >"$D/verify.fail"
: >"$D/verify.runs"
( while [ ! -f "$D/stop" ]; do
	if "$TOOL" -c "$D/a.ini" verify --quick >"$D/v.out" 2>&1; then
		echo ok >>"$D/verify.runs"
	else
		cat "$D/v.out" >>"$D/verify.fail"
	fi
  done ) &
vpid=$!

written=100
start=$SECONDS
i=0
while [ "$(grown)" -lt "$DOUBLINGS" ] && [ "$written" -lt "$MAX_RECORDS" ]; do
	i=$((i + 1))
	"$WRITER" "$D/a" "$CHUNK" "G$i" 64 >>"$D/acked" ||
	    mn_check "writes, chunk $i" false
	written=$((written + CHUNK))
done
secs=$((SECONDS - start))
sleep 0.5
touch "$D/stop"
kill -TERM "$rpid"
cr_wait_exit "$rpid" 20 || { kill -KILL "$rpid"; CR_RC=124; }
rrc=$CR_RC
wait "$vpid"
read -r _ scans _ resized _ errors _ seen <"$D/reader.out"
mn_log "$written records in $secs s, $(grown) doublings" \
    "($(grep -o 'grew to [0-9]* MiB' "$D/a.log" | awk '{ print $3 }' | tr '\n' ' ')MiB);" \
    "reader: ${scans:-?} scans, ${resized:-?} MAP_RESIZED absorbed, ${errors:-?} errors;" \
    "verify --quick: $(wc -l <"$D/verify.runs") runs, $(grep -c . "$D/verify.fail") failure lines"
[ -s "$D/reader.err" ] && { mn_log "reader errors:"; head -20 "$D/reader.err"; }
[ -s "$D/verify.fail" ] && { mn_log "verify failures:"; head -20 "$D/verify.fail"; }
mn_check "the map grew $DOUBLINGS times" [ "$(grown)" -ge "$DOUBLINGS" ]
mn_check "the reader ended cleanly (exit $rrc)" [ "$rrc" -eq 0 ]
mn_check "the reader absorbed MAP_RESIZED at least once (${resized:-0})" \
    [ "${resized:-0}" -ge 1 ]
reader_clean() {
	[ "${errors:-1}" -eq 0 ] && [ ! -s "$D/reader.err" ]
}
verify_clean() {
	[ "$(wc -l <"$D/verify.runs")" -gt 0 ] && [ ! -s "$D/verify.fail" ]
}
all_present() {
	[ "$(cr_head a)" -eq "$(cr_max "$D/acked")" ] &&
	    [ "$(wc -l <"$D/acked")" -eq "$written" ]
}
mn_check "the reader saw no error, broken chain or lost head" reader_clean
mn_check "verify --quick ran and never failed" verify_clean
mn_check "the store holds every acked record" all_present
mn_check "the store verifies" "$TOOL" -c "$D/a.ini" verify
mn_finish
