#!/bin/bash
# storage_mapfull.sh - RELIABILITY.md C3, MAP_FULL: a node started with
# map_size = 1 MiB (the minimum) takes writes until its map has doubled
# DOUBLINGS times.  Every write must be acked (MAP_FULL at put or commit
# aborts, doubles the map and replays the turn: R4), the map must grow
# by doubling ("map full: grew to" 2, 4, 8, ... MiB in the log), and at
# the end the store holds every acked record and verifies.
#
# usage: storage_mapfull.sh SAMPLAN_NODE SAMPLAN SP_WRITER [--full]
#   CI size: until 6 doublings, 1 MiB -> 64 MiB (about 85 000 records,
#            a 34 MiB data.mdb).
#   --full:  until 6 doublings and a data.mdb of 64 MiB (7 doublings).
NODE=$1 TOOL=$2 WRITER=$3
DOUBLINGS=6
MIN_MIB=0
[ "${4:-}" = --full ] && MIN_MIB=64
CHUNK=5000		# records per sp_writer run
MAX_RECORDS=600000	# bound on the loop
. "$(dirname "$0")/../multinode/lib.sh"
. "$(dirname "$0")/crashlib.sh"
mn_init mapfull
export MN_MAP_SIZE=1048576
mn_add_node a
mn_render
mn_start a
: >"$D/acked"

grown() {
	grep -c "map full: grew to" "$D/a.log"
}

start=$SECONDS
written=0
errors=0
i=0
more() {
	[ "$written" -lt "$MAX_RECORDS" ] && { [ "$(grown)" -lt "$DOUBLINGS" ] ||
	    [ "$(stat -c %s "$D/a/data.mdb")" -lt $((MIN_MIB << 20)) ]; }
}
while more; do
	i=$((i + 1))
	"$WRITER" "$D/a" "$CHUNK" "M$i" 64 >>"$D/acked" 2>>"$D/w.err" ||
	    errors=$((errors + 1))
	written=$((written + CHUNK))
done
secs=$((SECONDS - start))
kib=$(( $(stat -c %s "$D/a/data.mdb") / 1024 ))
mn_log "$written records in $secs s; data.mdb $kib KiB; $(grown) doublings:" \
    "$(grep -o 'grew to [0-9]* MiB' "$D/a.log" | awk '{ print $3 }' | tr '\n' ' ')"

# The sizes the log reports, in order, must be 2, 4, 8, ... MiB.
doubling() {
	grep -o 'grew to [0-9]* MiB' "$D/a.log" | awk '{ print $3 }' |
	    awk 'BEGIN { want = 2 } $1 != want { bad = 1 } { want *= 2 }
	    END { exit bad }'
}
mn_check "the map grew at least $DOUBLINGS times" [ "$(grown)" -ge "$DOUBLINGS" ]
mn_check "each growth doubled the map" doubling
all_acked() {
	[ "$errors" -eq 0 ] && [ "$(wc -l <"$D/acked")" -eq "$written" ]
}
mn_check "every write was acked ($(wc -l <"$D/acked") of $written)" all_acked
mn_check "acked seqs are distinct" \
    [ "$(sort -n "$D/acked" | uniq -d | wc -l)" -eq 0 ]
mn_check "the store holds every acked record" \
    [ "$(cr_head a)" -eq "$(cr_max "$D/acked")" ]
mn_check "the store verifies" "$TOOL" -c "$D/a.ini" verify
mn_check "no storage failure" sh -c "! grep -q 'storage failed' '$D/a.log'"
[ -s "$D/w.err" ] && { mn_log "writer errors:"; sort "$D/w.err" | uniq -c; }
mn_finish
