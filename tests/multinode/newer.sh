#!/bin/bash
# newer.sh - records a newer samplan could write (a new body kind, a new
# field in a known kind) are kept and relayed unchanged between two real
# nodes, verify passes on both, and the views skip what they do not know.
NODE=$1 TOOL=$2 WRITER=$3 NEWER=$4
. "$(dirname "$0")/lib.sh"
mn_init newer

mn_region region koord "k1"
mn_link k1 koord
mn_render
mn_start k1
mn_write k1 3 L
mn_stop k1
seq=$("$NEWER" "$D/k1" "$D/k1.key")
mn_check "two newer records appended (head $seq)" [ "$seq" = 5 ]
mn_start k1
mn_start koord
mn_check "koord holds k1's newer records" mn_wait_head koord k1 5 30
mn_check "both hold the same heads and hashes" mn_wait_converged 30 koord k1
mn_check "koord verifies" "$TOOL" -c "$D/koord.ini" verify
mn_check "k1 verifies" "$TOOL" -c "$D/k1.ini" verify
mn_write k1 2 M
mn_check "k1 writes on after them" mn_wait_head koord k1 7 30
"$TOOL" -c "$D/koord.ini" history NY-1 >"$D/history.out" 2>&1
mn_check "koord's history shows the measure with a newer field" \
    grep -q "Tiltak med et felt fra en nyere samplan" "$D/history.out"
mn_check "koord's region view skips the newer kind" "$TOOL" \
    -c "$D/koord.ini" region
mn_finish
