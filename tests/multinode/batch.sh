#!/bin/bash
# batch.sh - a WriteBatch (what `samplan import` sends) is written whole
# or not at all: one bad item refuses the batch and writes nothing; a
# good batch lands in one transaction and replicates.
NODE=$1 TOOL=$2 WRITER=$3
. "$(dirname "$0")/lib.sh"
mn_init batch

mn_region region koord "k1"
mn_link k1 koord
mn_render
mn_start koord
mn_start k1
out=$("$WRITER" "$D/k1" --batch 50 --bad)
rc=$?
mn_check "a batch with one bad item is refused (exit $rc)" [ "$rc" -eq 3 ]
mn_check "the refusal names the item and field ($out)" \
    grep -q "item 50: frist" <<<"$out"
mn_check "nothing of it was written" [ "$(mn_head k1 k1)" -eq 0 ]
out=$("$WRITER" "$D/k1" --batch 50)
mn_check "a good batch of 50 is acked at seq 50 ($out)" [ "$out" = 50 ]
mn_check "it replicates" mn_wait_head koord k1 50 20
mn_finish
