#!/bin/bash
# security.sh - a node whose key is not in the config exchanges nothing
# and the refusal is logged; a peer that relays a record with a bad
# signature or a forged author has it refused and counted, and the valid
# records around it still arrive.
NODE=$1 TOOL=$2 WRITER=$3 HOSTILE=$4
. "$(dirname "$0")/lib.sh"
mn_init security

mn_region region koord "victim evil"
mn_link evil victim
mn_render
# An intruder that knows the victim, unknown to the victim's config.
mn_add_node intruder
"$TOOL" keygen --out "$D/intruder.key" >"$D/intruder.pub"
mn_write_config intruder
sed -i "s|^\[peer victim\]|[peer victim]\nendpoint = ipc://$D/victim.sock|" "$D/intruder.ini"
sed -i 's/^members = victim, evil$/members = victim, evil, intruder/' "$D/intruder.ini"

mn_start koord
mn_start victim
mn_start intruder
mn_write koord 20 GR
mn_write intruder 5 X
sleep 2
mn_check "the victim logged the refusal" grep -q "auth: refused connection" "$D/victim.log"
mn_check "the intruder got nothing from the victim" [ "$(mn_head intruder victim)" -eq 0 ]
mn_check "the victim holds nothing of the intruder" [ "$(mn_frontier victim | grep -c .)" -eq 0 ]

# koord is not connected to victim: the only route is the hostile relay.
"$HOSTILE" "$D/evil.key" "ipc://$D/victim.sock" "$(cat "$D/victim.pub")" \
    "$D/koord" "$(cat "$D/koord.pub")" >"$D/hostile.out" 2>&1
mn_check "hostile peer sent its messages" [ $? -eq 0 ]
mn_check "genuine records around the forgeries arrive" mn_wait_head victim koord 20 20
status=$("$TOOL" -c "$D/victim.ini" status --json)
bad=$(printf '%s' "$status" | tr -d ' \n' | grep -o '"name":"evil"[^]]*"rejects":\[[^]]*\]' | grep -o '"count":[0-9]*,"reason":"EBADSIG"\|"reason":"EBADSIG","count":[0-9]*' | grep -o '[0-9]*' | head -1)
mn_check "bad signature and forged author counted against evil (${bad:-0})" [ "${bad:-0}" -ge 2 ]
mn_check "victim's store verifies" "$TOOL" -c "$D/victim.ini" verify
mn_check "the refusals were logged with the peer's name" grep -q "peer evil: refused record" "$D/victim.log"
mn_finish
