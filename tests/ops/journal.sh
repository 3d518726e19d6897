#!/bin/bash
# journal.sh - logging under systemd's journal (issue 12 item 5): when
# JOURNAL_STREAM names the node's stderr, every line starts with its
# syslog priority (<3> fatal, <4> warning, <6> info, <7> debug) and has
# no timestamp of its own; otherwise lines keep their timestamp.  A
# refused peer is logged with its key; config errors on reload and at
# start carry the same prefix.  Real nodes on ipc://.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/../multinode/lib.sh"
mn_init journal

mn_region region koord "k1"
mn_link k1 koord
mn_render
# A node koord does not know, which tries to connect to it.
"$TOOL" keygen --out "$D/stranger.key" >"$D/stranger.pub" || exit 1
printf '[node]\nname = stranger\ndata_dir = %s/stranger\nkey = %s/stranger.key\n\n[peer koord]\nendpoint = ipc://%s/koord.sock\npublic_key = %s\n' \
    "$D" "$D" "$D" "$(cat "$D/koord.pub")" >"$D/stranger.ini"
MN_NODES="$MN_NODES stranger"

# Starts NODE under a fake journal: JOURNAL_STREAM is its log's dev:inode.
start_journal() {
	local n=$1 i
	shift
	: >"$D/$n.log"
	JOURNAL_STREAM=$(stat -c '%d:%i' "$D/$n.log") \
	    "$NODE" "$@" -c "$D/$n.ini" >>"$D/$n.log" 2>&1 &
	echo $! >"$D/$n.pid"
	for i in $(seq 1 100); do
		[ -S "$D/$n/control.sock" ] && return 0
		sleep 0.1
	done
	mn_log "node $n did not start"
	exit 1
}
wait_log() {
	local i
	for i in $(seq 1 100); do
		grep -Eq "$2" "$D/$1.log" && return 0
		sleep 0.1
	done
	return 1
}

start_journal koord -v
mn_start k1
mn_start stranger
# The CURVE key the stranger presents: its Ed25519 key mapped to X25519,
# u = (1 + y) / (1 - y) mod 2^255 - 19 (what libsodium does).
curve=$(python3 -c '
import sys
p = 2**255 - 19
y = int.from_bytes(bytes.fromhex(sys.argv[1]), "little") & ((1 << 255) - 1)
u = (1 + y) * pow(1 - y, p - 2, p) % p
print(u.to_bytes(32, "little").hex())' "$(cat "$D/stranger.pub")")
mn_check "koord logs the refused stranger with its key at <4>" \
    wait_log koord "^<4>auth: refused connection from .* with curve key $curve: unknown key"
mn_check "koord logs its start at <6>" grep -q "^<6>samplan-node .*: node koord ready" "$D/koord.log"
mn_check "koord logs debug at <7> (-v)" wait_log koord "^<7>"
mn_check "every koord line has a priority prefix" \
    eval '! grep -Ev "^<[0-7]>" "$D/koord.log"'
mn_check "no koord line has a timestamp of its own" \
    eval '! grep -Eq "^<[0-7]>[0-9]{2}:[0-9]{2}:[0-9]{2}" "$D/koord.log"'
mn_check "k1 (stderr not the journal) keeps timestamps" \
    grep -Eq "^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} samplan-node: " "$D/k1.log"

# A config error on reload: the same prefix as at start-up.
cp "$D/koord.ini" "$D/koord.ini.good"
echo "this is not a key" >>"$D/koord.ini"
kill -HUP "$(mn_pid koord)"
mn_check "a reload error line carries <4> and the file:line" \
    wait_log koord "^<4>.*koord.ini:[0-9]+: expected 'key = value'"
mn_check "the reload is refused at <4>" \
    wait_log koord "^<4>reload: .* has errors; still running the old configuration"
mn_stop koord
: >"$D/bad.log"
JOURNAL_STREAM=$(stat -c '%d:%i' "$D/bad.log") "$NODE" -c "$D/koord.ini" >>"$D/bad.log" 2>&1
rc=$?
mn_check "a start-up config error: exit 1 ($rc)" [ "$rc" -eq 1 ]
mn_check "the same <4> line at start-up" \
    grep -Eq "^<4>.*koord.ini:[0-9]+: expected 'key = value'" "$D/bad.log"
mn_check "and a fatal <3> line" grep -q "^<3>.*has errors; not starting" "$D/bad.log"
cp "$D/koord.ini.good" "$D/koord.ini"
sed -i "s|^key = .*|key = $D/missing.key|" "$D/koord.ini"
: >"$D/bad.log"
JOURNAL_STREAM=$(stat -c '%d:%i' "$D/bad.log") "$NODE" -c "$D/koord.ini" >>"$D/bad.log" 2>&1
mn_check "a missing key is fatal at <3>" grep -q "^<3>key $D/missing.key: " "$D/bad.log"
mn_finish
