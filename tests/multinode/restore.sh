#!/bin/bash
# restore.sh - own-feed safety (issue 8 item 3, docs/FORMAT-V2.md 5) with
# real nodes: the restore scenario of the issue and a real self-fork.
#
#  A. mdb_copy -c of k1's live store at seq 5; k1 writes seq 6; the copy
#     is restored.  k1 refuses local writes ("catching up our own feed")
#     until it has fetched seq 6 back from koord, then writes seq 7: no
#     fork anywhere, koord never blocks k1's feed.
#  B. The whole data directory restored (the mark too) while koord runs:
#     koord shows a higher seq, k1 catches up and writes on.
#  C. The whole directory restored while koord is down: k1 writes at once
#     (offline first; it cannot know) and so forks its feed.  When koord
#     comes back, k1 proves the fork from koord's record, keeps it as
#     evidence, refuses to write with a message naming the procedure, and
#     still refuses after a restart.  The feeds part at seq 8 (k1's
#     "G" against koord's "E"), while the record that proves it is
#     koord's seq 9 (its prev is koord's 8, not k1's): the alert names
#     seq 8, the evidence is k1's 8 and koord's 9, each named by its own
#     seq, and `verify` fails on the fork of the node's own feed.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init restore
command -v mdb_copy >/dev/null || { echo "restore: skipped: no mdb_copy (lmdb-utils)"; exit 77; }

mn_region region koord "k1"
mn_link k1 koord
mn_render
mn_start koord
mn_start k1

# try_write NODE PREFIX: one write; its error text (if any) in $D/try.err.
try_write() {
	"$WRITER" "$D/$1" 1 "$2" >"$D/try.out" 2>"$D/try.err"
}
blocked() {
	"$TOOL" -c "$D/koord.ini" dump | grep -q "^k1 .*BLOCKED"
}

# --- A: data.mdb restored, the mark stays ---
mn_write k1 5 A
mn_check "koord has k1's 5 records" mn_wait_head koord k1 5 20
mkdir "$D/backup"
mdb_copy -c "$D/k1" "$D/backup"
mn_check "mdb_copy -c of the live store" [ -s "$D/backup/data.mdb" ]
cp "$D/k1/own-seq" "$D/backup/own-seq"
mn_write k1 1 B
mn_check "koord has k1's seq 6" mn_wait_head koord k1 6 20
mn_stop koord
mn_stop k1
cp "$D/k1/own-seq" "$D/own-seq.6"
cp "$D/backup/data.mdb" "$D/k1/data.mdb"
rm -f "$D/k1/lock.mdb"
mn_start k1
mn_check "k1 says its store is behind its mark" grep -q "holds our own feed up to seq 5, but this node signed up to 6" "$D/k1.log"
try_write k1 C
mn_check "k1 refuses to write while behind" [ $? -ne 0 ]
mn_check "with the catching-up message ($(cat "$D/try.err"))" grep -q "catching up our own feed from peers: 1 record behind" "$D/try.err"
mn_check "status shows it as an alert" sh -c "'$TOOL' -c '$D/k1.ini' status | grep -q 'ALERT: catching up our own feed'"
mn_start koord
mn_check "k1 fetches seq 6 of its own feed back" mn_wait_head k1 k1 6 20
mn_check "k1 logged that it writes again" grep -q "our own feed is whole again at seq 6" "$D/k1.log"
try_write k1 D
mn_check "k1 then writes seq 7 ($(cat "$D/try.out" "$D/try.err"))" [ "$(cat "$D/try.out")" = 7 ]
mn_check "koord takes seq 7" mn_wait_head koord k1 7 20
mn_check "koord did not block k1's feed" eval '! blocked'
mn_check "koord verifies" "$TOOL" -c "$D/koord.ini" verify
mn_check "k1 verifies" "$TOOL" -c "$D/k1.ini" verify

# --- B: the whole directory restored while koord runs ---
mn_stop k1
rm -rf "$D/backup"
mkdir "$D/backup"
mdb_copy -c "$D/k1" "$D/backup"
cp "$D/k1/own-seq" "$D/backup/own-seq"
mn_start k1
mn_write k1 1 E
mn_check "koord has seq 8" mn_wait_head koord k1 8 20
mn_stop k1
cp "$D/backup/data.mdb" "$D/backup/own-seq" "$D/k1/"
rm -f "$D/k1/lock.mdb"
mn_start k1
mn_check "k1 catches up to seq 8 from koord" mn_wait_head k1 k1 8 20
mn_check "k1 shows no alert once caught up" eval "! '$TOOL' -c '$D/k1.ini' status | grep -q ALERT"
try_write k1 F
mn_check "k1 then writes seq 9 ($(cat "$D/try.out" "$D/try.err"))" [ "$(cat "$D/try.out")" = 9 ]
mn_check "koord takes seq 9" mn_wait_head koord k1 9 20
mn_check "no fork: koord does not block k1" eval '! blocked'

# --- C: the whole directory restored while koord is down: a real fork ---
mn_stop koord
mn_stop k1
cp "$D/backup/data.mdb" "$D/backup/own-seq" "$D/k1/"
rm -f "$D/k1/lock.mdb"
mn_start k1
try_write k1 G
mn_check "offline, k1 writes at once (seq 8 again: it cannot know)" [ "$(cat "$D/try.out")" = 8 ]
mn_start koord
for i in $(seq 1 100); do
	grep -q "our feed has forked" "$D/k1.log" && break
	sleep 0.2
done
mn_check "k1 finds its own fork from koord's records" grep -q "ALERT: peer koord holds seq 9 of our own feed" "$D/k1.log"
try_write k1 H
mn_check "k1 refuses to write" [ $? -ne 0 ]
mn_check "with what the operator can do ($(cat "$D/try.err"))" grep -q "our own feed has forked.*conf/README.md" "$D/try.err"
mn_stop k1
mn_start k1
try_write k1 I
mn_check "and still refuses after a restart" grep -q "our own feed has forked" "$D/try.err"
mn_check "k1's dump shows its own feed blocked" sh -c "'$TOOL' -c '$D/k1.ini' dump | grep -q '^k1 .*BLOCKED'"
mn_check "k1 logged where its feed forked" grep -q "our feed has forked at seq 8" "$D/k1.log"
"$TOOL" -c "$D/k1.ini" alerts >"$D/own-alerts.txt"
mn_check "k1's alert names seq 8, where the feeds part" grep -qx "fork-k1-8" "$D/own-alerts.txt"
mn_check "not seq 9, the record that proved it" eval "! grep -q '^fork-k1-9' '$D/own-alerts.txt'"
mn_check "the alert shows k1's seq 8 (G)" grep -q "k1 seq 8 .* signature valid" "$D/own-alerts.txt"
mn_check "and koord's seq 9 (F)" grep -q "k1 seq 9 .* signature valid" "$D/own-alerts.txt"
mn_check "and says what seq 9 proves" grep -q "seq 9 of the other branch, which chains from another record at seq 8" "$D/own-alerts.txt"
"$TOOL" -c "$D/k1.ini" dump --evidence >"$D/own-evidence.txt"
mn_check "dump --evidence shows the fork at seq 8" grep -qx "fork: k1 seq 8" "$D/own-evidence.txt"
mn_check "with k1's own seq 8, G" sh -c "grep -A3 'k1 seq 8 ' '$D/own-evidence.txt' | grep -q '\"G-'"
mn_check "and koord's seq 9, F" sh -c "grep -A3 'k1 seq 9 ' '$D/own-evidence.txt' | grep -q '\"F-'"
mn_check "named as the proof of another seq 8" grep -q "seq 9 of the other branch, which chains from another record at seq 8" "$D/own-evidence.txt"
"$TOOL" -c "$D/k1.ini" verify >"$D/verify.out" 2>&1
rc=$?
mn_check "verify fails on k1's forked own feed (exit $rc)" [ "$rc" -eq 1 ]
mn_check "and names the fork ($(tr '\n' '|' <"$D/verify.out"))" grep -q "^FORKED k1 .*seq 8" "$D/verify.out"
mn_check "koord, which holds one branch, still verifies" "$TOOL" -c "$D/koord.ini" verify
mn_finish
