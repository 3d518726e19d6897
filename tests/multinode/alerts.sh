#!/bin/bash
# alerts.sh - an operator's path through alerts (issue 8 item 4):
# `samplan alerts` lists each alert with a stable id and its evidence,
# `samplan dump --evidence` shows both envelopes of a fork, and
# `samplan alerts ack ID --reason TEXT` writes an AlertAck record (signed,
# in the node's feed and history), which `alerts` then shows; bad acks
# are refused and write nothing.
NODE=$1 TOOL=$2 WRITER=$3 FORK=$4
. "$(dirname "$0")/lib.sh"
mn_init alerts

mn_region region koord "k1"
mn_link k1 koord
mn_render
mn_start koord
mn_start k1
mn_write k1 4 A
mn_check "koord has k1's 4 records" mn_wait_head koord k1 4 20
mn_check "no alerts at first" sh -c "'$TOOL' -c '$D/koord.ini' alerts | grep -qx 'no alerts'"
mn_stop koord
"$FORK" "$D/koord" "$D/k1.key" 3 >"$D/fork.out"
mn_check "koord's store now holds a fork of k1 at seq 3 ($(cat "$D/fork.out"))" [ "$(cat "$D/fork.out")" = "two different records for one seq (fork)" ]
mn_start koord
"$TOOL" -c "$D/koord.ini" alerts >"$D/alerts.txt"
mn_check "alerts lists it by a stable id" grep -q "^fork-k1-3$" "$D/alerts.txt"
mn_check "with both envelopes, validly signed" [ "$(grep -c 'k1 seq 3 .* signature valid' "$D/alerts.txt")" -eq 2 ]
"$TOOL" -c "$D/koord.ini" dump --evidence >"$D/evidence.txt"
mn_check "dump --evidence shows the fork" grep -q "^fork: k1 seq 3$" "$D/evidence.txt"
mn_check "and both envelopes" [ "$(grep -c 'k1 seq 3 ' "$D/evidence.txt")" -eq 2 ]
mn_check "dump --evidence --json has two envelopes" sh -c "'$TOOL' -c '$D/koord.ini' dump --evidence --json | grep -c '\"signature_valid\": true' | grep -qx 2"
"$TOOL" -c "$D/koord.ini" alerts ack fork-k1-3 2>"$D/ack0.err"
mn_check "an ack without a reason is refused (exit $?)" grep -q -- "--reason TEXT is required" "$D/ack0.err"
"$TOOL" -c "$D/koord.ini" alerts ack fork-k9-3 --reason "x" 2>"$D/ack1.err"
mn_check "an ack of an unknown alert is refused" grep -q "no alert «fork-k9-3» now" "$D/ack1.err"
mn_check "and wrote nothing" [ "$(mn_head koord koord)" -eq 0 ]
"$TOOL" -c "$D/koord.ini" alerts ack fork-k1-3 --reason "k1 restored a backup; excluded from seq 2 on (revoked_from)" >"$D/ack.out" 2>&1
mn_check "the ack is written ($(cat "$D/ack.out"))" [ "$(mn_head koord koord)" -eq 1 ]
mn_check "as an alert_ack record of koord's feed" sh -c "'$TOOL' -c '$D/koord.ini' dump --feed koord | grep -q 'alert_ack.*fork-k1-3'"
"$TOOL" -c "$D/koord.ini" alerts >"$D/alerts2.txt"
mn_check "alerts shows it acked, with the reason" grep -q "acked: k1 restored a backup" "$D/alerts2.txt"
mn_check "k1 receives koord's ack record" mn_wait_head k1 koord 1 20
mn_check "koord verifies" "$TOOL" -c "$D/koord.ini" verify
mn_finish
