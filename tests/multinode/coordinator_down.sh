#!/bin/bash
# coordinator_down.sh - with the coordinator down the kommuner keep
# exchanging their own records; when it returns, everything converges.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init coordinator_down

K="gjovik ostre-toten vestre-toten"
mn_region gjovikregionen koord "$K"
for k in $K; do mn_link "$k" koord; done
mn_link gjovik ostre-toten
mn_link ostre-toten vestre-toten
mn_link vestre-toten gjovik
mn_render
for n in koord $K; do mn_start "$n"; done
mn_write koord 50 GR
mn_check "all converge first" mn_wait_converged 30 koord $K

mn_stop koord
for k in $K; do mn_write "$k" 100 "L-$k"; done
mn_check "kommuner converge without the coordinator" mn_wait_converged 30 $K
mn_check "vestre-toten holds gjovik's records" [ "$(mn_head vestre-toten gjovik)" -eq 100 ]
mn_check "the coordinator missed them" [ "$(mn_head koord gjovik)" -eq 0 ]

mn_start koord
mn_write koord 50 GR2
mn_check "everything converges when it returns" mn_wait_converged 30 koord $K
mn_check "coordinator holds all kommune records" [ "$(mn_head koord ostre-toten)" -eq 100 ]
mn_finish
