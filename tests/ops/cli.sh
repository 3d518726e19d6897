#!/bin/bash
# cli.sh - the command-line manners of both programs (issue 12 item 4):
# --help/-h on the programs and on every command print to stdout and exit
# 0; --version prints the project version; usage errors go to stderr with
# exit 2; a write error on stdout is an error exit; `status` tells "not
# running" from "permission denied" and answers within 2 s when the node
# is gone; each write carries the OS user of the tool that sent it.  Real
# nodes on ipc:// in a temporary directory.
NODE=$1 TOOL=$2 WRITER=$3 VERSION=$4
. "$(dirname "$0")/../multinode/lib.sh"
mn_init cli

# prog ARGS...: runs it, stdout to $D/out, stderr to $D/err, rc in $RC.
run() {
	"$@" >"$D/out" 2>"$D/err"
	RC=$?
}
helps() {
	run "$@"
	[ "$RC" -eq 0 ] && [ -s "$D/out" ] && [ ! -s "$D/err" ] &&
	    grep -q "^usage: " "$D/out"
}
usage_error() {
	run "$@"
	[ "$RC" -eq 2 ] && [ ! -s "$D/out" ] && [ -s "$D/err" ]
}

mn_check "samplan --version prints $VERSION" eval \
    '[ "$("$TOOL" --version)" = "samplan $VERSION" ]'
mn_check "samplan-node --version prints $VERSION" eval \
    '[ "$("$NODE" --version)" = "samplan-node $VERSION" ]'
for h in --help -h; do
	mn_check "samplan $h: stdout, exit 0" helps "$TOOL" $h
	mn_check "samplan-node $h: stdout, exit 0" helps "$NODE" $h
done
cmds=$("$TOOL" --help | awk '$1 == "samplan" && $2 == "-c" { print $4 }' | sort -u)
mn_check "the help lists the commands ($(echo $cmds))" [ "$(echo "$cmds" | wc -l)" -ge 17 ]
for c in $cmds; do
	for h in --help -h; do
		mn_check "samplan $c $h: stdout, exit 0" helps "$TOOL" "$c" $h
	done
	mn_check "samplan $c --help names the command" \
	    grep -q "^usage: samplan \[-c FILE\] $c" "$D/out"
done
mn_check "samplan with no command: usage error" usage_error "$TOOL"
mn_check "samplan unknown command: usage error" usage_error "$TOOL" frobnicate
mn_check "samplan unknown option: usage error" usage_error "$TOOL" --frobnicate
mn_check "samplan-node without -c: usage error" usage_error "$NODE"
mn_check "samplan-node unknown option: usage error" usage_error "$NODE" --frobnicate
mn_check "samplan keygen without --out: usage error" usage_error "$TOOL" keygen
mn_check "--version > /dev/full: error exit" eval '! "$TOOL" --version >/dev/full 2>/dev/null'
mn_check "--help > /dev/full: error exit" eval '! "$TOOL" --help >/dev/full 2>/dev/null'

mn_region region koord "k1"
mn_link k1 koord
mn_render
mn_check "status of a node never started: exit 3, not running" eval \
    'run "$TOOL" -c "$D/koord.ini" status; [ "$RC" -eq 3 ] && grep -q "is not running" "$D/err"'
mn_start koord
mn_start k1
mn_write koord 5 GR
mn_check "status --json carries the version" eval \
    '"$TOOL" -c "$D/koord.ini" status --json | grep -q "\"version\": \"$VERSION\""'
mn_check "status names the version" eval \
    '"$TOOL" -c "$D/koord.ini" status | grep -q "samplan $VERSION"'
mn_check "status --json > /dev/full: exit 1 with a message" eval \
    'run "$TOOL" -c "$D/koord.ini" status --json; "$TOOL" -c "$D/koord.ini" status --json >/dev/full 2>"$D/err"; [ $? -eq 1 ] && grep -q "write error" "$D/err"'
# A pipe whose reader is gone before the tool writes: never exit 0.
mn_check "status --json into a closed pipe: error exit" python3 -c '
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
rc = subprocess.call(sys.argv[1:], stdout=w, stderr=subprocess.DEVNULL)
os.close(w)
sys.exit(0 if rc != 0 else 1)' "$TOOL" -c "$D/koord.ini" status --json
mn_check "the node logged version, key and endpoint at start" \
    grep -q "samplan-node $VERSION: node koord ready, key $(cat "$D/koord.pub"), listening on ipc://$D/koord.sock" "$D/koord.log"

# Permission denied is not "not running" (root passes every check, so
# this part runs as nobody on a copy of the config nobody can read).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	mkdir -m 755 "$D/pub"
	cp "$D/koord.ini" "$D/pub/koord.ini"
	chmod 644 "$D/pub/koord.ini"
	chmod 711 "$D"
	as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	mn_check "status as another user: permission denied, exit 3" eval \
	    'run as_nobody "$TOOL" -c "$D/pub/koord.ini" status; [ "$RC" -eq 3 ] && grep -q "permission denied" "$D/err"'
	# Each write carries its own OS user, also when two users write
	# within the seconds the node keeps a looked-up name (control.c).
	sock_mode=$(stat -c %a "$D/k1/control.sock")
	dir_mode=$(stat -c %a "$D/k1")
	chmod 711 "$D/k1"
	chmod 666 "$D/k1/control.sock"
	u=0
	for who in root nobody root; do
		u=$((u + 1))
		pre=; [ "$who" = nobody ] && pre=as_nobody
		mn_check "$who writes U$u-1" eval \
		    '$pre "$WRITER" "$D/k1" 1 U$u >/dev/null'
		mn_check "its history names $who" eval \
		    '"$TOOL" -c "$D/k1.ini" history U$u-1 | grep -q "$who"'
	done
	mn_check "and root's write after nobody's is not nobody's" eval \
	    '! "$TOOL" -c "$D/k1.ini" history U3-1 | grep -q nobody'
	chmod "$sock_mode" "$D/k1/control.sock"
	chmod "$dir_mode" "$D/k1"
	chmod 700 "$D"
else
	mn_log "skip: the permission part needs root and setpriv"
fi

# [node] control moves the control socket; node and CLI both follow it.
mn_stop koord
sed -i "s|^key = .*|&\ncontrol = $D/koord-control.sock|" "$D/koord.ini"
"$NODE" -c "$D/koord.ini" >>"$D/koord.log" 2>&1 &
echo $! >"$D/koord.pid"
for i in $(seq 1 100); do [ -S "$D/koord-control.sock" ] && break; sleep 0.1; done
mn_check "the node binds [node] control" [ -S "$D/koord-control.sock" ]
mn_check "and not DATA_DIR/control.sock" [ ! -e "$D/koord/control.sock" ]
mn_check "the CLI reaches it there" "$TOOL" -c "$D/koord.ini" status
long=$D/$(printf 'x%.0s' $(seq 1 120)).sock
sed -i "s|^control = .*|control = $long|" "$D/koord.ini"
mn_check "a control path over 107 bytes is a config error" eval \
    'run "$NODE" -n -c "$D/koord.ini"; [ "$RC" -eq 1 ] && grep -q "control: .* is longer than 107 bytes" "$D/err"'

# A node that hangs (SIGSTOP) or is gone (kill -9): status answers in 2 s.
kill -STOP "$(mn_pid k1)"
t0=$(date +%s%3N)
run "$TOOL" -c "$D/k1.ini" status
t1=$(date +%s%3N)
kill -CONT "$(mn_pid k1)"
mn_check "status of a stopped node: exit 3 in $((t1 - t0)) ms (< 2000)" \
    [ "$RC" -eq 3 ] && [ $((t1 - t0)) -lt 2000 ]
mn_kill k1
t0=$(date +%s%3N)
run "$TOOL" -c "$D/k1.ini" status
t1=$(date +%s%3N)
mn_check "status of a killed node: not running, exit 3 in $((t1 - t0)) ms" \
    eval '[ "$RC" -eq 3 ] && [ $((t1 - t0)) -lt 2000 ] && grep -q "not running" "$D/err"'
mn_finish
