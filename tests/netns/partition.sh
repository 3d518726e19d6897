#!/bin/bash
# partition.sh - N1: five samplan-node processes (koord + k1..k4), each in
# its own network namespace, joined by veth pairs to a bridge in a sixth
# namespace, talking CURVE over tcp://198.18.0.N:7400.  While every node
# writes (~50 records/s), nemesis steps cut the network with nftables and
# tc inside those namespaces only:
#
#   isolate      k1 cut off from everyone
#   split        koord+k1 | k2+k3+k4
#   coordinator  koord cut off
#   oneway       k2 -> koord dropped (koord -> k2 still flows)
#   loss         20 % of every packet dropped (nft numgen random)
#   tbf          every node's link shaped to 1 Mbit/s (tc tbf)
#   kill         k3 cut off, then caught up over a 1 Mbit link and
#                killed -9 in the middle of it, healed and restarted
#                (its convergence time counts from the restart)
#
# After each step the writers stop and the network heals; the time until
# every node holds identical frontiers is measured (I4, limit 10 s), every
# acked record must be in its author's store (I1), and every store must
# pass `samplan verify` (I2).  No equivocation alert may appear (I3).
#
# usage: partition.sh NODE TOOL WRITER [--full]
#   --full: 60 s per step instead of 10 s (RELIABILITY.md N1 figures).
# Needs root; without it (or when `ip netns add` fails) it prints SKIP and
# exits 0.  Everything it creates is removed on exit.
NODE=$1 TOOL=$2 WRITER=$3
shift 3
STEP_S=${SP_N1_STEP:-10}
[ "${1:-}" = --full ] && STEP_S=60
CONVERGE_LIMIT=10	# seconds: I4 after each heal
RATE_BATCH=20		# records per sp_writer run ...
RATE_PAUSE=0.25	# ... then this pause: about 50 records/s per node

np_skip() {
	echo "netns_partition: SKIP (skipped: $*)"
	echo "0 passed, 0 failed"
	exit 77
}

[ "$(id -u)" -eq 0 ] || np_skip "needs root for network namespaces and nftables"
for c in ip nft tc; do
	command -v "$c" >/dev/null 2>&1 ||
	    np_skip "$c is not installed (scripts/setup installs iproute2 and nftables)"
done

. "$(dirname "$0")/../multinode/lib.sh"
mn_init partition

NP_TAG="sp$$"
NP_NODES="koord k1 k2 k3 k4"
NP_NETNS=""
NP_WRITERS=""

np_ns() { printf '%s-%s' "$NP_TAG" "$1"; }

np_addr() {
	case $1 in
	koord) echo 198.18.0.1 ;;
	k1) echo 198.18.0.2 ;;
	k2) echo 198.18.0.3 ;;
	k3) echo 198.18.0.4 ;;
	k4) echo 198.18.0.5 ;;
	esac
}

np_cleanup() {
	local pid ns
	for pid in $NP_WRITERS; do
		kill "$pid" 2>/dev/null
	done
	mn_cleanup
	for ns in $NP_NETNS; do
		ip netns del "$ns" 2>/dev/null
	done
}
trap np_cleanup EXIT

np_now() { date +%s.%N; }
np_since() { awk -v a="$1" -v b="$(np_now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---- the network: a bridge namespace and one namespace per node ----

np_net_up() {
	local br n ns
	br=$(np_ns br)
	ip netns add "$br" 2>/dev/null ||
	    np_skip "ip netns add failed (no network namespaces here)"
	NP_NETNS="$br"
	ip -n "$br" link add br0 type bridge || return 1
	ip -n "$br" link set br0 up || return 1
	for n in $NP_NODES; do
		ns=$(np_ns "$n")
		ip netns add "$ns" || return 1
		NP_NETNS="$NP_NETNS $ns"
		ip -n "$br" link add "v-$n" type veth peer name eth0 netns "$ns" &&
		ip -n "$br" link set "v-$n" master br0 up &&
		ip -n "$ns" link set lo up &&
		ip -n "$ns" addr add "$(np_addr "$n")/24" dev eth0 &&
		ip -n "$ns" link set eth0 up || return 1
	done
}

# Runs nft in NODE's namespace with the rules on stdin.
np_nft() {
	ip netns exec "$(np_ns "$1")" nft -f -
}

# A table for the nemesis's rules in NODE's namespace.
np_table() {
	np_nft "$1" <<EOF
table inet nemesis {
	chain in { type filter hook input priority 0; policy accept; }
	chain out { type filter hook output priority 0; policy accept; }
}
EOF
}

# Drops everything between NODE and the addresses given.
np_cut() {
	local n=$1 a
	shift
	np_table "$n"
	for a in "$@"; do
		printf 'add rule inet nemesis out ip daddr %s drop\nadd rule inet nemesis in ip saddr %s drop\n' \
		    "$a" "$a"
	done | np_nft "$n"
}

np_isolate() {
	np_cut "$1" 198.18.0.0/24
}

# Shapes what NODE sends to 1 Mbit/s.
np_shape() {
	ip netns exec "$(np_ns "$1")" tc qdisc replace dev eth0 root tbf \
	    rate 1mbit burst 32kbit latency 400ms
}

# Shapes what NODE receives to 1 Mbit/s (the bridge's port towards it).
np_shape_in() {
	ip netns exec "$(np_ns br)" tc qdisc replace dev "v-$1" root tbf \
	    rate 1mbit burst 32kbit latency 400ms
}

np_heal() {
	local n ns
	for n in $NP_NODES; do
		ns=$(np_ns "$n")
		ip netns exec "$ns" nft delete table inet nemesis 2>/dev/null
		ip netns exec "$ns" tc qdisc del dev eth0 root 2>/dev/null
		ip netns exec "$(np_ns br)" tc qdisc del dev "v-$n" root \
		    2>/dev/null
	done
	return 0
}

# ---- nodes and writers ----

# lib.sh's config, with tcp endpoints inside the namespaces.
mn_write_config() {
	local n=$1 r p links members coord
	{
		printf '[node]\nname = %s\ndata_dir = %s/%s\nlisten = tcp://%s:7400\nkey = %s/%s.key\n' \
		    "$n" "$D" "$n" "$(np_addr "$n")" "$D" "$n"
		for r in $MN_REGIONS; do
			eval "coord=\$MN_COORD_$(mn_var "$r")"
			eval "members=\$MN_MEMBERS_$(mn_var "$r")"
			printf '\n[region %s]\ncoordinator = %s\nmembers = %s\n' \
			    "$r" "$coord" "$(echo $members | sed 's/ /, /g')"
		done
		eval "links=\${MN_LINKS_$(mn_var "$n"):-}"
		for p in $MN_NODES; do
			[ "$p" = "$n" ] && continue
			printf '\n[peer %s]\n' "$p"
			case " $links " in
			*" $p "*) printf 'endpoint = tcp://%s:7400\n' "$(np_addr "$p")" ;;
			esac
			printf 'public_key = %s\n' "$(cat "$D/$p.pub")"
		done
	} >"$D/$n.ini"
}

# lib.sh's mn_start, inside the node's namespace.
np_start() {
	local n=$1 i
	rm -f "$D/$n/control.sock"
	ip netns exec "$(np_ns "$n")" "$NODE" -c "$D/$n.ini" >>"$D/$n.log" 2>&1 &
	echo $! >"$D/$n.pid"
	for i in $(seq 1 100); do
		[ -S "$D/$n/control.sock" ] && return 0
		kill -0 "$(cat "$D/$n.pid")" 2>/dev/null || break
		sleep 0.1
	done
	mn_log "node $n did not start"
	cat "$D/$n.log"
	exit 1
}

# Writes about 50 records/s to NODE until $D/stop exists; appends the
# acked seqs to $D/NODE.acked.
np_writer() {
	local n=$1 step=$2 i=0
	while [ ! -e "$D/stop" ]; do
		i=$((i + 1))
		"$WRITER" "$D/$n" "$RATE_BATCH" "$n-$step-$i" 16 \
		    >>"$D/$n.acked" 2>>"$D/$n.writer.log" || sleep 0.5
		sleep "$RATE_PAUSE"
	done
}

np_writers_start() {
	local n
	rm -f "$D/stop"
	NP_WRITERS=""
	for n in $NP_NODES; do
		np_writer "$n" "$1" &
		NP_WRITERS="$NP_WRITERS $!"
	done
}

np_writers_stop() {
	local pid
	touch "$D/stop"
	for pid in $NP_WRITERS; do
		wait "$pid"
	done
	NP_WRITERS=""
}

np_acked_total() {
	cat "$D"/*.acked 2>/dev/null | wc -l
}

# ---- checks ----

# I4: waits for identical frontiers; prints the seconds it took.
np_converge() {
	local step=$1 t0=$2 secs
	if mn_wait_converged 60 $NP_NODES; then
		secs=$(np_since "$t0")
		NP_TIMES="$NP_TIMES $step=${secs}s"
		mn_check "$step: converged in $secs s (limit $CONVERGE_LIMIT s)" \
		    awk -v s="$secs" -v l="$CONVERGE_LIMIT" 'BEGIN { exit !(s <= l) }'
	else
		NP_TIMES="$NP_TIMES $step=never"
		mn_check "$step: converged within 60 s" false
		for n in $NP_NODES; do
			echo "--- frontier of $n"
			mn_frontier "$n"
		done
	fi
}

# I1: every seq a writer saw acked is at or below its author's head.
np_check_acked() {
	local n max head bad=0
	for n in $NP_NODES; do
		max=$(sort -n "$D/$n.acked" 2>/dev/null | tail -n 1)
		head=$(mn_head "$n" "$n")
		if [ "${max:-0}" -gt "$head" ]; then
			mn_log "$n acked seq $max but holds $head"
			bad=1
		fi
	done
	return $bad
}

np_verify_all() {
	local n flag=$1 bad=0
	for n in $NP_NODES; do
		"$TOOL" -c "$D/$n.ini" verify $flag >>"$D/verify.log" 2>&1 ||
		    { mn_log "verify $flag failed on $n"; bad=1; }
	done
	return $bad
}

np_no_alerts() {
	! grep -l "ALERT" "$D"/*.log 2>/dev/null
}

np_after_heal() {
	local step=$1 t0=$2
	np_converge "$step" "$t0"
	mn_check "$step: acked records kept (I1)" np_check_acked
	mn_check "$step: every store verifies (I2)" np_verify_all --quick
}

# One nemesis step: writers on, NEMESIS for STEP_S seconds, writers off,
# heal, then the checks.
np_step() {
	local step=$1 t0
	shift
	mn_log "step $step: $* for $STEP_S s"
	np_writers_start "$step"
	"$@"
	sleep "$STEP_S"
	np_writers_stop
	np_heal
	t0=$(np_now)
	np_after_heal "$step" "$t0"
}

nem_isolate() { np_isolate k1; }
nem_split() {
	np_cut koord 198.18.0.3 198.18.0.4 198.18.0.5
	np_cut k1 198.18.0.3 198.18.0.4 198.18.0.5
}
nem_coordinator() { np_isolate koord; }
nem_oneway() {
	np_table k2
	echo "add rule inet nemesis out ip daddr $(np_addr koord) drop" | np_nft k2
}
nem_loss() {
	local n
	for n in $NP_NODES; do
		np_table "$n"
		echo 'add rule inet nemesis out ip daddr 198.18.0.0/24 numgen random mod 100 < 20 drop' |
		    np_nft "$n"
	done
}
nem_tbf() {
	local n
	for n in $NP_NODES; do np_shape "$n"; done
}

# k3 misses a backlog, catches up over a 1 Mbit link and is killed -9 in
# the middle of it; then the link is healed and k3 restarted.
np_kill_step() {
	local before now i t0 killed=0
	mn_log "step kill: k3 isolated for $STEP_S s, then killed -9 during its catch-up"
	np_writers_start kill
	np_isolate k3
	sleep "$STEP_S"
	np_writers_stop
	before=$(mn_frontier k3 | awk '{ s += $2 } END { print s + 0 }')
	np_heal
	np_shape_in k3
	t0=$(np_now)
	for i in $(seq 1 300); do
		now=$(mn_frontier k3 | awk '{ s += $2 } END { print s + 0 }')
		if [ "$now" -gt "$before" ]; then
			mn_kill k3
			killed=1
			break
		fi
		sleep 0.05
	done
	mn_check "kill: k3 killed -9 during its catch-up (at $(np_since "$t0") s, $((now - before)) records in)" \
	    [ "$killed" = 1 ]
	mn_check "kill: k3 was still behind when killed" \
	    [ "$(mn_frontier koord | awk '{ s += $2 } END { print s + 0 }')" -gt "$now" ]
	np_heal
	np_start k3
	t0=$(np_now)
	np_after_heal kill "$t0"
}

# ---- the run ----

mn_check "namespaces, veths and the bridge set up" np_net_up
mn_region region koord "k1 k2 k3 k4"
for n in k1 k2 k3 k4; do mn_link "$n" koord; done
mn_link k2 k1	# two kommune-to-kommune links: not every path is the star
mn_link k4 k3
mn_render
for n in $NP_NODES; do np_start "$n"; done
NP_TIMES=""

mn_log "warm-up: all writing, network whole"
np_writers_start warmup
sleep 2
np_writers_stop
t0=$(np_now)
np_converge warmup "$t0"

np_step isolate nem_isolate
np_step split nem_split
np_step coordinator nem_coordinator
np_step oneway nem_oneway
np_step loss nem_loss
np_step tbf nem_tbf
np_kill_step

mn_check "no equivocation alert in any log (I3)" np_no_alerts
mn_check "every store verifies in full (I2)" np_verify_all ""
mn_log "records acked: $(np_acked_total) in $((7 * STEP_S + 2)) s of writing, about $(( $(np_acked_total) / (5 * (7 * STEP_S + 2)) )) records/s per node"
mn_log "N1 $STEP_S s per step: converged after heal:$NP_TIMES"
mn_finish
