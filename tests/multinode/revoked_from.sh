#!/bin/bash
# revoked_from.sh - revocation from a seq on (issue 8 item 5): with
# `revoked_from = 5` in koord's [peer k1], k1's records up to seq 5 stay
# held, shown by name and served to others; seq 6 on is refused whoever
# relays it (k2 here), and counted; k1 itself can no longer connect.
# A member revoked by a reload while connected (k3) is cut off at once.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init revoked_from

mn_region region koord "k1 k2 k3"
mn_link k1 koord
mn_link k2 koord
mn_link k2 k1
mn_link k3 koord
mn_render
for n in koord k1 k2 k3; do mn_start "$n"; done
mn_write k1 5 A
mn_check "koord has k1's first 5" mn_wait_head koord k1 5 20
mn_stop koord
sed -i "/^\[peer k1\]$/a revoked_from = 5" "$D/koord.ini"
mn_check "the config is valid" "$NODE" -n -c "$D/koord.ini"
mn_start koord
mn_write k1 3 B
mn_check "k2 takes k1's seq 6-8 directly" mn_wait_head k2 k1 8 20
sleep 3
mn_check "koord keeps k1 at seq 5" [ "$(mn_head koord k1)" -eq 5 ]
mn_check "koord refused k1's later records relayed by k2" sh -c "'$TOOL' -c '$D/koord.ini' status --json | tr -d ' \n' | grep -q '\"name\":\"k2\".*EREVOKED'"
mn_check "koord refuses k1's own connection" grep -q "auth: refused.*revoked" "$D/koord.log"
mn_check "k1's history up to 5 is shown by name" sh -c "'$TOOL' -c '$D/koord.ini' dump --feed k1 | grep -c measure | grep -qx 5"
mn_check "and served: k3 gets k1's 5 from koord" mn_wait_head k3 k1 5 20
sleep 2
mn_check "k3 gets nothing past 5 from koord" [ "$(mn_head k3 k1)" -eq 5 ]

# k3 is revoked by a reload while it is connected: its live connection
# is shut at once, so it reads none of koord's records written after.
mn_write k3 2 C
mn_check "koord has k3's 2" mn_wait_head koord k3 2 20
mn_write koord 1 Y
mn_check "k3 reads koord's records before" mn_wait_head k3 koord 1 20
sed -i "/^\[peer k3\]$/a revoked_from = 2" "$D/koord.ini"
kill -HUP "$(mn_pid koord)"
mn_check "koord closes k3's connection on the reload" \
    mn_wait_log koord "peer k3: revoked .revoked_from.; its connections closed" 20
before=$(mn_head k3 koord)
mn_write koord 2 Z
now=$(mn_head koord koord)
mn_check "k2 gets koord's new records" mn_wait_head k2 koord "$now" 20
sleep 3
mn_check "k3, revoked, got none of them ($(mn_head k3 koord) = $before)" \
    [ "$(mn_head k3 koord)" -eq "$before" ]
mn_check "koord verifies" "$TOOL" -c "$D/koord.ini" verify
mn_finish
