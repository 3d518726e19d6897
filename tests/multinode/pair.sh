#!/bin/bash
# pair.sh - the two-node replication smoke: both write, both converge,
# both stop cleanly.  Run under valgrind by the test suite (SP_VALGRIND=1).
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init pair

mn_region region koord "k1"
mn_link k1 koord
mn_render
mn_start koord
mn_start k1
mn_write koord 300 GR
mn_write k1 100 L
mn_check "both converge" mn_wait_converged 60 koord k1
"$TOOL" -c "$D/k1.ini" status >/dev/null
mn_check "status answers" [ $? -eq 0 ]
mn_check "k1 verifies" "$TOOL" -c "$D/k1.ini" verify
mn_finish
