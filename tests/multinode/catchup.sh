#!/bin/bash
# catchup.sh - a node stopped while 10,000 records are written catches up
# after restart; a node whose data directory was deleted rebuilds
# everything from its peers.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init catchup

mn_region region koord "k1 k2"
mn_link k1 koord
mn_link k2 koord
mn_render
for n in koord k1 k2; do mn_start "$n"; done
mn_write k2 10 K2
mn_check "k1 has k2's first records" mn_wait_head k1 k2 10 20

mn_stop k1
mn_write koord 10000 GR
mn_check "k2 received 10,000 while k1 was down" mn_wait_head k2 koord 10000 60
mn_check "k1 missed them" [ "$(mn_head k1 koord)" -eq 0 ]
mn_start k1
mn_check "k1 catches up after restart" mn_wait_converged 60 koord k1 k2

mn_stop k2
rm -rf "$D/k2"
mn_start k2
mn_check "k2 rebuilds from peers after losing its data" mn_wait_converged 60 koord k1 k2
mn_check "k2's rebuilt store verifies" "$TOOL" -c "$D/k2.ini" verify
mn_check "k2 got its own feed back" [ "$(mn_head k2 k2)" -eq 10 ]
mn_finish
