#!/bin/bash
# relay.sh - in a line A - B - C, where A and C are not peers, A's records
# reach C and C's reach A, through B.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init relay

mn_region line b "a c"
mn_link a b
mn_link c b
mn_render
for n in a b c; do mn_start "$n"; done
mn_write a 200 A & p1=$!
mn_write c 150 C & p2=$!
wait $p1 $p2
mn_check "a's 200 records reach c through b" mn_wait_head c a 200 30
mn_check "c's 150 records reach a through b" mn_wait_head a c 150 30
mn_check "a, b and c converge" mn_wait_converged 30 a b c
mn_check "c verifies what it got by relay" "$TOOL" -c "$D/c.ini" verify
mn_finish
