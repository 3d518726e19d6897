#!/bin/bash
# instance.sh - one samplan-node per data directory (issue 8 item 7): a
# second node on the same config exits with a message naming the
# directory and the PID that holds it, and touches nothing: control.sock
# stays, the first node goes on serving.  The lock goes with its holder,
# after a clean stop and after kill -9 alike.  A node whose [node]
# control names a socket another running node listens on (a config
# copied from another kommune's) refuses to start and leaves that
# socket alone; a tool whose config names another node's socket is
# refused by that node (exit 2) and nothing is written.  A socket left
# by a killed node is taken over; a file that is not a socket is not.
# The node's key: -n and the start refuse one others may read, a peer's
# key and a missing one; a store made for another key is refused as
# such, not as damaged.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init instance

mn_region region koord "k1 k2"
mn_link k1 koord
mn_render
mn_start koord
mn_start k1
mn_write k1 3 A
pid=$(mn_pid k1)
timeout 20 "$NODE" -c "$D/k1.ini" >"$D/second.out" 2>&1
rc=$?
mn_check "the second node exits non-zero (exit $rc)" [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]
mn_check "its message names the directory and pid $pid" \
    grep -q "data directory $D/k1 is in use by another samplan-node (pid $pid)" "$D/second.out"
mn_check "control.sock survives" [ -S "$D/k1/control.sock" ]
mn_check "the first node still answers status" "$TOOL" -c "$D/k1.ini" status
mn_write k1 2 B
mn_check "the first node still writes" [ "$(wc -l <"$D/k1.B.acked")" -eq 2 ]
mn_check "and replicates" mn_wait_head koord k1 5 20

# k2's config with k1's control socket, as a copied config would have.
sed "/^\[node\]/a control = $D/k1/control.sock" "$D/k2.ini" >"$D/k2x.ini"
timeout 20 "$NODE" -c "$D/k2x.ini" >"$D/k2x.out" 2>&1
rc=$?
mn_check "a node on another's control socket exits non-zero (exit $rc)" \
    [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]
mn_check "it says another running node listens there" \
    grep -q "control $D/k1/control.sock: another running node listens there" \
    "$D/k2x.out"
mn_check "k1's control.sock survives" [ -S "$D/k1/control.sock" ]
mn_check "and k1 still answers" "$TOOL" -c "$D/k1.ini" status
before=$(mn_head k1 k1)
"$TOOL" -c "$D/k2x.ini" alerts ack fork-k1-1 --reason "feil node" \
    >"$D/k2x.tool" 2>&1
rc=$?
mn_check "a tool on another node's socket exits 2 (exit $rc)" [ "$rc" -eq 2 ]
mn_check "it names both nodes" grep -q \
    "control socket $D/k1/control.sock belongs to node k1, not to node k2" \
    "$D/k2x.tool"
"$TOOL" -c "$D/k2x.ini" status >"$D/k2x.status" 2>&1
rc=$?
mn_check "status through it exits 2 too (exit $rc)" [ "$rc" -eq 2 ]
mn_check "k1 wrote nothing for k2" [ "$(mn_head k1 k1)" -eq "$before" ]

# A regular file where the control socket should be is not removed.
echo "not a socket" >"$D/k2.notasock"
sed "/^\[node\]/a control = $D/k2.notasock" "$D/k2.ini" >"$D/k2y.ini"
timeout 20 "$NODE" -c "$D/k2y.ini" >"$D/k2y.out" 2>&1
rc=$?
mn_check "a node whose control path is a file exits non-zero (exit $rc)" \
    [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]
mn_check "it says so" grep -q "exists and is not a socket" "$D/k2y.out"
mn_check "and the file is kept" grep -q "not a socket" "$D/k2.notasock"

mn_stop k1
mn_start k1
mn_check "a node starts after a clean stop" "$TOOL" -c "$D/k1.ini" status
mn_kill k1
mn_check "kill -9 leaves the socket file" [ -S "$D/k1/control.sock" ]
# Started without mn_start, which would remove the file first.
"$NODE" -c "$D/k1.ini" >>"$D/k1.log" 2>&1 &
echo $! >"$D/k1.pid"
for i in $(seq 1 100); do
	"$TOOL" -c "$D/k1.ini" status >/dev/null 2>&1 && break
	sleep 0.1
done
mn_check "a node starts after kill -9 of the holder, on its old socket" \
    "$TOOL" -c "$D/k1.ini" status
mn_check "k1 verifies" "$TOOL" -c "$D/k1.ini" verify

# The node's key, as -n checks it and as the node takes it at start.
mn_check "-n passes with k2's own key" "$NODE" -n -c "$D/k2.ini"
chmod 644 "$D/k2.key"
"$NODE" -n -c "$D/k2.ini" >"$D/k2.mode" 2>&1
rc=$?
mn_check "-n fails on a key others may read (exit $rc)" [ "$rc" -eq 1 ]
mn_check "and says how to mend it" grep -q "mode 0644 lets others read.*chmod 600" \
    "$D/k2.mode"
timeout 20 "$NODE" -c "$D/k2.ini" >"$D/k2.mode.run" 2>&1
rc=$?
mn_check "the node does not start with it either (exit $rc)" \
    [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]
chmod 600 "$D/k2.key"
sed "s|^key = .*|key = $D/k1.key|" "$D/k2.ini" >"$D/k2k.ini"
"$NODE" -n -c "$D/k2k.ini" >"$D/k2k.out" 2>&1
rc=$?
mn_check "-n fails on a peer's key (exit $rc)" [ "$rc" -eq 1 ]
mn_check "naming the peer" grep -q "is the key of peer k1, not of node k2" \
    "$D/k2k.out"
sed "s|^key = .*|key = $D/nosuch.key|" "$D/k2.ini" >"$D/k2m.ini"
"$NODE" -n -c "$D/k2m.ini" >"$D/k2m.out" 2>&1
rc=$?
mn_check "-n fails on a missing key (exit $rc)" [ "$rc" -eq 1 ] &&
    grep -q "nosuch.key: No such file" "$D/k2m.out"
# k1's store with a new key that is no peer's, as after a rotation
# without feed_id: refused as another key's store, not as damaged.
mn_stop k1
"$TOOL" keygen --out "$D/k9.key" >/dev/null
sed "s|^key = .*|key = $D/k9.key|" "$D/k1.ini" >"$D/k1w.ini"
timeout 20 "$NODE" -c "$D/k1w.ini" >"$D/k1w.out" 2>&1
rc=$?
mn_check "k1's store with another key is refused (exit $rc)" \
    [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]
mn_check "as made for another node key, with what to check" \
    grep -q "was made for another node key.*feed_id" "$D/k1w.out"
mn_check "not as damaged" sh -c "! grep -q damaged '$D/k1w.out'"
mn_start k1
mn_check "k1 starts with its own key after that" "$TOOL" -c "$D/k1.ini" verify
mn_finish
