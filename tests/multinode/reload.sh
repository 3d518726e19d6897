#!/bin/bash
# reload.sh - issue 8 item 8: SIGHUP builds the new state before it tears
# the old one down.  A config with errors, and a config whose listen
# endpoint cannot be bound, are refused with a logged reason and the node
# goes on replicating both ways as before; a good config then takes.
# Across a reload, status and check still know a member that is down.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init reload

mn_region region koord "k1"
mn_link k1 koord
mn_render
mn_start koord
mn_start k1
pid=$(mn_pid koord)
cp "$D/koord.ini" "$D/koord.good"
mn_write koord 10 a
mn_check "k1 has koord's first 10" mn_wait_head k1 koord 10 20

# 1. A config with errors.
printf 'this line is not a key\n' >>"$D/koord.ini"
kill -HUP "$pid"
mn_check "the bad config is refused and logged" mn_wait_log koord \
    "reload: .*still running the old configuration" 10
cp "$D/koord.good" "$D/koord.ini"	# the tool reads it too
mn_write koord 10 b
mn_check "koord -> k1 goes on after the refused reload" mn_wait_head k1 koord 20 20
mn_write k1 5 c
mn_check "k1 -> koord goes on after the refused reload" mn_wait_head koord k1 5 20

# 2. A listen endpoint that cannot be bound.
sed "s|^listen = .*|listen = ipc://$D/no-such-dir/koord.sock|" \
    "$D/koord.good" >"$D/koord.ini"
kill -HUP "$pid"
mn_check "the bind error is logged" mn_wait_log koord "bind ipc://$D/no-such-dir" 10
mn_check "and the reload refused" [ "$(grep -c 'still running the old configuration' "$D/koord.log")" -ge 2 ]
cp "$D/koord.good" "$D/koord.ini"
mn_write koord 10 d
mn_check "koord -> k1 goes on after the failed bind" mn_wait_head k1 koord 30 20
mn_write k1 5 e
mn_check "k1 -> koord goes on after the failed bind" mn_wait_head koord k1 10 20

# 3. A good config takes.
kill -HUP "$pid"
mn_check "the good config is reloaded" mn_wait_log koord "reloaded $D/koord.ini" 10
mn_write koord 10 f
mn_check "koord -> k1 after the good reload" mn_wait_head k1 koord 40 20
mn_write k1 5 g
mn_check "k1 -> koord after the good reload" mn_wait_head koord k1 15 20
mn_check "koord is the same process throughout" [ "$(mn_pid koord)" = "$pid" ]
mn_check "koord is alive" kill -0 "$pid"

# 4. A reload does not forget a member that is down, nor what a peer did.
received() {
	"$TOOL" -c "$D/koord.ini" status --json | tr -d ' \n' |
	    grep -o '"name":"k1"[^}]*"records_received":[0-9]*' |
	    grep -o '[0-9]*$'
}
before=$(received)
mn_stop k1
kill -HUP "$pid"
mn_check "koord reloads again" mn_wait_log koord "reloaded $D/koord.ini" 10
"$TOOL" -c "$D/koord.ini" status >"$D/status.after" 2>&1
mn_check "status still knows when k1 was last heard" \
    sh -c "! grep -E '^k1 +no +never' '$D/status.after'"
mn_check "and what k1 sent ($(received) = $before)" [ "$(received)" = "$before" ]
sleep 13	# REPL_TIMEOUT_MS: k1 is down by now
"$TOOL" -c "$D/koord.ini" check >"$D/check.out" 2>&1
rc=$?
mn_check "check counts k1 as down after the reload (exit $rc: $(cat "$D/check.out"))" \
    [ "$rc" -ge 1 ] && grep -q "peer k1 down" "$D/check.out"
mn_finish
