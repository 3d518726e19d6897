#!/bin/bash
# abort.sh - a node survives its own abort (issue 8, the libzmq
# assertion): SIGABRT mid-stream, as libzmq's zmq_assert would, then a
# restart (systemd's Restart=on-failure).  Nothing acked is lost and the
# peers resume: once with the writing node aborted under its writer, once
# with the coordinator aborted while it relays.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init abort

mn_region region koord "k1 k2"
mn_link k1 koord
mn_link k2 koord
mn_render
for n in koord k1 k2; do mn_start "$n"; done

# The writer on k1 streams 3000 records, 64 in flight; k1 aborts.
"$WRITER" "$D/k1" 3000 S 64 >"$D/k1.S.acked" 2>"$D/writer.err" &
wp=$!
for i in $(seq 1 100); do
	[ "$(wc -l <"$D/k1.S.acked")" -ge 300 ] && break
	sleep 0.05
done
kill -ABRT "$(mn_pid k1)"
wait "$(mn_pid k1)"
rc=$?
wait "$wp"
acked=$(sort -n "$D/k1.S.acked" | tail -1)
mn_check "k1 died of SIGABRT (exit $rc) with $acked acked" [ "$rc" -eq 134 ] && [ "${acked:-0}" -gt 0 ]
rm -f "$D/k1.pid"
mn_start k1
mn_check "after restart k1 holds every acked record (head $(mn_head k1 k1) >= $acked)" [ "$(mn_head k1 k1)" -ge "$acked" ]
mn_check "k1 verifies" "$TOOL" -c "$D/k1.ini" verify
mn_write k1 10 T
mn_check "k1 writes again" [ "$(wc -l <"$D/k1.T.acked")" -eq 10 ]
mn_check "the region converges" mn_wait_converged 60 koord k1 k2

# koord aborts while it relays a stream from k2 to k1.
"$WRITER" "$D/k2" 3000 R 64 >"$D/k2.R.acked" 2>/dev/null &
wp=$!
for i in $(seq 1 100); do
	[ "$(mn_head koord k2)" -ge 300 ] && break
	sleep 0.05
done
kill -ABRT "$(mn_pid koord)"
wait "$(mn_pid koord)"
rc=$?
rm -f "$D/koord.pid"
mn_check "koord died of SIGABRT mid-relay (exit $rc)" [ "$rc" -eq 134 ]
wait "$wp"
mn_start koord
mn_check "koord verifies after the abort" "$TOOL" -c "$D/koord.ini" verify
mn_check "peers resume: all converge with k2's 3000" mn_wait_converged 90 koord k1 k2
mn_check "k1 holds k2's 3000" [ "$(mn_head k1 k2)" -eq 3000 ]
mn_finish
