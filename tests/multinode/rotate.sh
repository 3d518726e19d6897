#!/bin/bash
# rotate.sh - key rotation (issue 8 item 5): k1 signs a key succession
# with `samplan rotate-key` (until it restarts, status says why it cannot
# write), restarts with the new key and feed_id = the
# old one, and writes on.  koord and k2 (which reaches koord only through
# k1) keep k1's whole feed, verify it, and admit k1's connections under
# its new CURVE key.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init rotate

mn_region region koord "k1 k2"
mn_link k1 koord
mn_link k2 k1
mn_render
for n in koord k1 k2; do mn_start "$n"; done
mn_write k1 5 A
mn_check "k1's records reach koord" mn_wait_head koord k1 5 20
mn_check "k1's records reach k2" mn_wait_head k2 k1 5 20

old=$(cat "$D/k1.pub")
"$TOOL" -c "$D/k1.ini" rotate-key --out "$D/k1-new.key" >"$D/rotate.out" 2>&1
mn_check "rotate-key succeeds" [ $? -eq 0 ]
mn_check "the new key file is 0600" [ "$(stat -c %a "$D/k1-new.key")" = 600 ]
mn_check "rotate-key says to set feed_id" grep -q "feed_id = $old" "$D/rotate.out"
"$TOOL" -c "$D/k1.ini" rotate-key --out "$D/k1-new.key" >/dev/null 2>&1
mn_check "rotate-key never overwrites a key file" [ $? -ne 0 ]
mn_check "the succession reaches koord" mn_wait_head koord k1 6 20
mn_check "the succession reaches k2 through k1" mn_wait_head k2 k1 6 20
"$WRITER" "$D/k1" 1 B >/dev/null 2>&1
mn_check "the old key signs nothing after the succession" \
    [ "$(mn_head k1 k1)" -eq 6 ]
# Until it restarts with the new key, k1 says why it cannot write (from
# its next look at the keys, within a tick of the commit).
cannot_sign() {
	local i
	for i in $(seq 1 50); do
		"$TOOL" -c "$D/k1.ini" status >"$D/k1.status" 2>&1
		grep -q "ALERT: this node's key may not sign its own feed: another key signs it from seq 7 on (after rotate-key, restart with key = the new key file" \
		    "$D/k1.status" && return 0
		sleep 0.2
	done
	return 1
}
mn_check "k1's status says its key may not sign, and what to do" cannot_sign
"$TOOL" -c "$D/k1.ini" check >/dev/null 2>&1
rc=$?
mn_check "and check is not OK (exit $rc)" [ "$rc" -ge 1 ]

mn_stop k1
sed -i -e "s|^key = .*|key = $D/k1-new.key\nfeed_id = $old|" "$D/k1.ini"
"$NODE" -n -c "$D/k1.ini" >/dev/null
mn_check "k1's new config is valid" [ $? -eq 0 ]
mn_start k1
mn_write k1 3 C
mn_check "k1 writes with the new key" [ "$(mn_head k1 k1)" -eq 9 ]
mn_check "k1's new records reach koord" mn_wait_head koord k1 9 30
mn_check "k1's new records reach k2" mn_wait_head k2 k1 9 30
mn_write koord 2 K
mn_check "koord's records reach k2 through k1" mn_wait_head k2 koord 2 30
for n in koord k1 k2; do
	mn_check "$n verifies k1's whole feed" "$TOOL" -c "$D/$n.ini" verify
done
mn_check "koord and k2 admitted k1's new key" \
    mn_wait_log koord "peer k1: its feed's key changed" 5
connected() {
	[ "$("$TOOL" -c "$D/$1.ini" status | awk -v p="$2" \
	    '/^PEER/ { s = 1; next } s && $1 == p { print $2 }')" = yes ]
}
wait_connected() {
	local i
	for i in $(seq 1 50); do connected "$1" "$2" && return 0; sleep 0.2; done
	return 1
}
mn_check "koord shows k1 connected" wait_connected koord k1
mn_check "k2 shows k1 connected" wait_connected k2 k1
shown=$("$TOOL" -c "$D/koord.ini" plan show --kommune k1 2>&1)
mn_check "koord's plan shows k1's measures from before and after" \
    sh -c 'printf "%s" "$1" | grep -q "A-1" && printf "%s" "$1" | grep -q "C-3"' _ "$shown"
mn_finish
