#!/bin/bash
# zmq_stress.sh - the stress reproduction of the libzmq abort
# `Assertion failed: !_io_error (src/stream_engine_base.cpp:331)`
# (issue 8; docs/RELIABILITY-RESULTS.md): a coordinator with many members
# that all stream to it (its RCVHWM of 4 stops input on their
# connections), then every member stopped at once while it still reads.
# Each round counts whether the coordinator survived.  With
# SAMPLAN_ZMTP_HEARTBEAT=1 in the environment the nodes use ZMTP
# heartbeats as they did before, which is what aborted.
#
# usage: zmq_stress.sh SAMPLAN_NODE SAMPLAN SP_WRITER [--full]
#   default: 12 members, 5 rounds.  --full: 60 members, 18 rounds.
#   SP_MEMBERS and SP_ROUNDS override either.
NODE=$1 TOOL=$2 WRITER=$3
MEMBERS=12
ROUNDS=5
[ "${4:-}" = --full ] && { MEMBERS=60; ROUNDS=18; }
MEMBERS=${SP_MEMBERS:-$MEMBERS}
ROUNDS=${SP_ROUNDS:-$ROUNDS}
. "$(dirname "$0")/lib.sh"
mn_init zmq_stress

list=""
for i in $(seq 1 "$MEMBERS"); do list="$list m$i"; done
mn_region region koord "$list"
for m in $list; do mn_link "$m" koord; done
mn_render
mn_start koord
kpid=$(mn_pid koord)
survived=0
for r in $(seq 1 "$ROUNDS"); do
	for m in $list; do mn_start "$m"; done
	# Every member streams to koord at once.
	writers=""
	for m in $list; do
		"$WRITER" "$D/$m" 400 "R$r" 32 >/dev/null 2>&1 &
		writers="$writers $!"
	done
	sleep 2
	# Stop every member at the same moment, mid-stream.
	for m in $list; do kill -TERM "$(mn_pid "$m")" 2>/dev/null; done
	for m in $list; do
		wait "$(mn_pid "$m")" 2>/dev/null
		rm -f "$D/$m.pid"
	done
	for w in $writers; do wait "$w" 2>/dev/null; done
	sleep 2	# heartbeat intervals pass with the peers gone
	if kill -0 "$kpid" 2>/dev/null; then
		survived=$((survived + 1))
		mn_log "round $r: koord alive"
	else
		mn_log "round $r: koord DIED: $(grep -m1 'Assertion' "$D/koord.log")"
		rm -f "$D/koord.pid"
		mn_start koord
		kpid=$(mn_pid koord)
	fi
done
aborts=$(grep -c 'Assertion failed' "$D/koord.log")
mn_log "heartbeats ${SAMPLAN_ZMTP_HEARTBEAT:-0}: koord survived $survived of $ROUNDS rounds, $aborts libzmq assertions"
mn_check "koord survives every round (no libzmq assertion)" [ "$aborts" -eq 0 ] && [ "$survived" -eq "$ROUNDS" ]
mn_check "koord verifies" "$TOOL" -c "$D/koord.ini" verify
mn_finish
