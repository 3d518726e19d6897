#!/bin/bash
# revoke.sh - SIGHUP re-reads the peer list: a peer removed from the
# config is disconnected at once (not only refused at its next
# handshake), cannot reconnect, and the other peers are unaffected.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init revoke

mn_region region koord "k1 k2"
mn_link k1 koord
mn_link k2 koord
mn_render
for n in koord k1 k2; do mn_start "$n"; done
mn_write k2 5 before
mn_check "k2's records reach koord while allowed" mn_wait_head koord k2 5 20

# Remove k2 from koord's config and tell koord.
sed -i -e 's/^members = k1, k2$/members = k1/' -e '/^\[peer k2\]$/,/^public_key/d' "$D/koord.ini"
"$NODE" -n -c "$D/koord.ini" >/dev/null
mn_check "the edited config is valid" [ $? -eq 0 ]
kill -HUP "$(mn_pid koord)"
sleep 1
mn_check "koord logged the reload" grep -q "reloaded" "$D/koord.log"
mn_write k2 5 after
mn_write koord 10 GR
mn_check "k1 still receives from koord" mn_wait_head k1 koord 10 20
sleep 2
# koord no longer knows k2's name: its feed shows under its key prefix.
k2feed="$(head -c 8 "$D/k2.pub")…"
mn_check "k2's new records no longer reach koord" [ "$(mn_head koord "$k2feed")" -eq 5 ]
mn_check "k2 is refused when it reconnects" grep -q "auth: refused" "$D/koord.log"
mn_check "k2 gets nothing new from koord" [ "$(mn_head k2 koord)" -eq 0 ]
peers=$("$TOOL" -c "$D/koord.ini" status | awk '/^PEER/ { p = 1; next } p && /^[^ ]/ { print $1 }')
mn_check "koord's status lists only k1 ($peers)" [ "$peers" = "k1" ]
mn_finish
