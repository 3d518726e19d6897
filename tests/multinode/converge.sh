#!/bin/bash
# converge.sh - six nodes (a coordinator and the five Gjøvikregionen
# kommuner) converge: 1,000 records on the coordinator and 100 on each
# kommune reach every node, and all frontiers end identical.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init converge

K="gjovik ostre-toten vestre-toten sondre-land nordre-land"
mn_region gjovikregionen koordineringsgruppe "$K"
for k in $K; do mn_link "$k" koordineringsgruppe; done
mn_link gjovik ostre-toten
mn_render
for n in koordineringsgruppe $K; do mn_start "$n"; done

mn_write koordineringsgruppe 1000 GR & pids=$!
for k in $K; do mn_write "$k" 100 "L-$k" & pids="$pids $!"; done
wait $pids
mn_check "coordinator acked 1000" [ "$(wc -l <"$D/koordineringsgruppe.GR.acked")" -eq 1000 ]

mn_check "all six frontiers identical" mn_wait_converged 60 koordineringsgruppe $K
for n in koordineringsgruppe $K; do
	mn_check "$n holds 1000 coordinator records" [ "$(mn_head "$n" koordineringsgruppe)" -eq 1000 ]
	mn_check "$n holds 100 from nordre-land" [ "$(mn_head "$n" nordre-land)" -eq 100 ]
	mn_check "$n verifies" "$TOOL" -c "$D/$n.ini" verify >/dev/null
done
mn_finish
