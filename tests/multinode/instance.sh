#!/bin/bash
# instance.sh - one samplan-node per data directory (issue 8 item 7): a
# second node on the same config exits with a message naming the
# directory and the PID that holds it, and touches nothing: control.sock
# stays, the first node goes on serving.  The lock goes with its holder,
# after a clean stop and after kill -9 alike.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init instance

mn_region region koord "k1"
mn_link k1 koord
mn_render
mn_start koord
mn_start k1
mn_write k1 3 A
pid=$(mn_pid k1)
timeout 20 "$NODE" -c "$D/k1.ini" >"$D/second.out" 2>&1
rc=$?
mn_check "the second node exits non-zero (exit $rc)" [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]
mn_check "its message names the directory and pid $pid" \
    grep -q "data directory $D/k1 is in use by another samplan-node (pid $pid)" "$D/second.out"
mn_check "control.sock survives" [ -S "$D/k1/control.sock" ]
mn_check "the first node still answers status" "$TOOL" -c "$D/k1.ini" status
mn_write k1 2 B
mn_check "the first node still writes" [ "$(wc -l <"$D/k1.B.acked")" -eq 2 ]
mn_check "and replicates" mn_wait_head koord k1 5 20

mn_stop k1
mn_start k1
mn_check "a node starts after a clean stop" "$TOOL" -c "$D/k1.ini" status
mn_kill k1
mn_start k1
mn_check "a node starts after kill -9 of the holder" "$TOOL" -c "$D/k1.ini" status
mn_check "k1 verifies" "$TOOL" -c "$D/k1.ini" verify
mn_finish
