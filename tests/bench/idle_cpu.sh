#!/bin/bash
# idle_cpu.sh - a measurement, not a test (issue 13 item 4): the CPU an
# idle node spends, read from /proc/PID/task/*/schedstat (nanoseconds on
# CPU, summed over the node's threads, libzmq's I/O thread included) over
# SECONDS, for a lone node, a coordinator with MEMBERS members connected
# to it, and one member.  Prints one line per figure.
#
# usage: idle_cpu.sh SAMPLAN_NODE SAMPLAN WRITER [SECONDS [MEMBERS]]
NODE=$1 TOOL=$2 WRITER=$3 SECS=${4:-60} MEMBERS=${5:-20}
. "$(dirname "$0")/../multinode/lib.sh"
mn_init idle_cpu

cpu_ns() {
	cat /proc/"$1"/task/*/schedstat | awk '{ s += $1 } END { printf "%d", s }'
}

# Prints the share of one core PID used over SECS seconds, in percent.
measure() {
	local pid=$1 a b
	a=$(cpu_ns "$pid")
	sleep "$SECS"
	b=$(cpu_ns "$pid")
	awk -v d=$((b - a)) -v s="$SECS" 'BEGIN { printf "%.4f", d / (s * 1e9) * 100 }'
}

members=""
for i in $(seq 1 "$MEMBERS"); do members="$members m$i"; done
mn_region region koord "$members"
mn_add_node lone
for m in $members; do mn_link "$m" koord; done
mn_render
# The lone node: no peers with an endpoint, nobody connects.
sed -i '/^endpoint = /d' "$D/lone.ini"
mn_start lone
mn_start koord
for m in $members; do mn_start "$m"; done
mn_write koord 10 warm
mn_wait_head m1 koord 10 30 || mn_log "warm-up did not reach m1"
sleep 5
# The three at once, over the same SECS.
for n in koord lone m1; do
	measure "$(mn_pid "$n")" >"$D/cpu.$n" &
done
wait
echo "idle_cpu: coordinator with $MEMBERS members: $(cat "$D/cpu.koord") % of a core over $SECS s"
echo "idle_cpu: lone node: $(cat "$D/cpu.lone") % of a core over $SECS s"
echo "idle_cpu: one member: $(cat "$D/cpu.m1") % of a core over $SECS s"
mn_finish
