#!/bin/bash
# proto2.sh - peer protocol 2 (docs/FORMAT-V2.md section 4) between real
# nodes: every peer's software version in status; Evidence of a fork is
# verified, blocks the feed and travels on to the next node, while
# evidence that proves nothing is refused and counted; a peer that says
# Hello with another protocol is logged and sent nothing but our Hello.
NODE=$1 TOOL=$2 WRITER=$3 EVIDENCE=$4
. "$(dirname "$0")/lib.sh"
mn_init proto2

mn_region region koord "k1 k2 bad evil"
mn_link k1 koord
mn_link k2 koord
mn_render
for n in koord k1 k2; do mn_start "$n"; done
mn_write koord 5 a
mn_check "k1 and k2 have koord's records" mn_wait_converged 20 koord k1 k2

ev() {
	"$EVIDENCE" "$D/evil.key" "ipc://$D/k1.sock" "$(cat "$D/k1.pub")" \
	    "$D/bad.key" "$1" >>"$D/evidence.out" 2>&1
}

alerted() {
	"$TOOL" -c "$D/$1.ini" status 2>/dev/null | grep -q "equivocation: bad"
}

wait_alert() {
	local i
	for i in $(seq 1 50); do alerted "$1" && return 0; sleep 0.2; done
	return 1
}

json=$("$TOOL" -c "$D/koord.ini" status --json | tr -d ' \n')
mn_check "koord's status shows k1's software version" \
    sh -c "printf '%s' '$json' | grep -q '\"name\":\"k1\"[^}]*\"software\":\"[0-9]'"
mn_check "and its protocol, 2" \
    sh -c "printf '%s' '$json' | grep -q '\"name\":\"k1\"[^}]*\"protocol\":2'"

mn_check "evidence of one record twice is sent" ev same
mn_check "evidence with a forged signature is sent" ev badsig
mn_check "k1 refused the record twice (no fork)" mn_wait_log k1 \
    "peer evil: refused evidence: record already held" 10
mn_check "k1 refused the forged signature" mn_wait_log k1 \
    "peer evil: refused evidence: signature does not verify" 10
mn_check "neither blocked bad's feed on k1" sh -c "! $TOOL -c $D/k1.ini status | grep -q 'equivocation: bad'"

mn_check "evidence of a real fork is sent" ev fork
mn_check "k1 blocks bad's feed and alerts" wait_alert k1
mn_check "k1 sent the evidence on: koord alerts too" wait_alert koord
mn_check "and from koord to k2" wait_alert k2
mn_check "koord's log names the author and seq" mn_wait_log koord \
    "ALERT: equivocation by bad at seq 1" 10

mn_check "a peer speaking protocol 3 is sent only our Hello" ev hello3
mn_check "k1 logged the other protocol" mn_wait_log k1 \
    "peer evil speaks protocol 3; this node speaks 2: upgrade" 10
mn_write koord 5 b
mn_check "replication goes on" mn_wait_converged 20 koord k1 k2
cat "$D/evidence.out"
mn_finish
