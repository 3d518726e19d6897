#!/bin/bash
# quota.sh - per-author quota (issue 8 item 6): koord takes at most
# max_feed_bytes of k1's feed ([peer k1] overrides the [node] default);
# the records past it are refused, counted against the peer that sent
# them and raised as an alert, and nothing else is affected: k2's feed
# and koord's own writes go on.  k1's own node, at the default 64 MiB,
# keeps writing.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init quota

mn_region region koord "k1 k2"
mn_link k1 koord
mn_link k2 koord
mn_render
sed -i "/^\[peer k1\]$/a max_feed_bytes = 65536" "$D/koord.ini"
"$NODE" -n -v -c "$D/koord.ini" >"$D/koord.norm"
mn_check "the config takes the override" grep -q "^max_feed_bytes = 65536$" "$D/koord.norm"
for n in koord k1 k2; do mn_start "$n"; done
# About 300 bytes a record: 400 records are well past 64 KiB.
mn_write k1 400 Q
mn_check "k1 writes all 400 (its own default is 64 MiB)" [ "$(wc -l <"$D/k1.Q.acked")" -eq 400 ]
sleep 3
held=$(mn_head koord k1)
mn_check "koord holds part of k1's feed ($held of 400)" [ "$held" -gt 100 ] && [ "$held" -lt 400 ]
mn_check "koord refused the rest" grep -q "ALERT: feed k1 reached its quota of 65536 bytes" "$D/koord.log"
st=$("$TOOL" -c "$D/koord.ini" status)
mn_check "status shows the quota alert" sh -c "printf '%s' \"\$1\" | grep -q 'ALERT: quota: feed k1'" _ "$st"
mn_check "and counts the refusals against k1" sh -c "printf '%s' \"\$1\" | grep -q 'refused EQUOTA'" _ "$st"
mn_write k2 20 K
mn_check "k2's feed still arrives" mn_wait_head koord k2 20 20
mn_write koord 5 GR
mn_check "koord still writes and sends" mn_wait_head k2 koord 5 20
mn_check "koord's store verifies" "$TOOL" -c "$D/koord.ini" verify
mn_check "k1's feed at koord stops short, not blocked" eval "! '$TOOL' -c '$D/koord.ini' dump | grep -q '^k1 .*BLOCKED'"
mn_finish
