#!/bin/bash
# store_cli.sh - the command line over the feed store, as an operator
# meets it: keygen, samplan-node -n, dump, and verify finding one flipped
# byte in the database file.
NODE=$1 TOOL=$2 APPENDER=$3
D=$(mktemp -d "${TMPDIR:-/tmp}/samplan-cli-XXXXXX")
trap 'rm -rf "$D"' EXIT
passed=0 failed=0
check() {
	local what=$1; shift
	if "$@"; then passed=$((passed + 1)); echo "store_cli: ok: $what"
	else failed=$((failed + 1)); echo "store_cli: FAILED: $what"; fi
}

pub=$("$TOOL" keygen --out "$D/n.key")
check "keygen prints a 64-hex public key" grep -Eqx '[0-9a-f]{64}' <<<"$pub"
check "the key file is mode 0600" [ "$(stat -c %a "$D/n.key")" = 600 ]
before=$(sha256sum <"$D/n.key")
"$TOOL" keygen --out "$D/n.key" >/dev/null 2>"$D/err"
check "keygen refuses to overwrite (exit non-zero)" [ $? -ne 0 ]
check "the refusal says so" grep -q "refusing to overwrite" "$D/err"
check "the old key is untouched" [ "$(sha256sum <"$D/n.key")" = "$before" ]

cat >"$D/n.ini" <<EOF2
[node]
name = vestre-toten
title = Vestre Toten kommune
data_dir = data
key = n.key
EOF2
check "samplan-node -n accepts a good config" \
    [ "$("$NODE" -n -c "$D/n.ini")" = "configuration OK" ]
cat >"$D/bad.ini" <<EOF2
[node]
name = Vestre Toten
data_dir = data
colour = blue

[peer x]
public_key = 1234
EOF2
"$NODE" -n -c "$D/bad.ini" 2>"$D/err"
check "samplan-node -n refuses a damaged config" [ $? -ne 0 ]
check "every error names file, section and key" \
    [ "$(grep -c "bad.ini: \[" "$D/err")" -ge 4 ]
check "the unknown key is named" grep -q "\[node\] colour" "$D/err"

# Append until more than 20 records are acked (or 60 s): a fixed time
# would end an ASan appender on a loaded machine before its first commit.
"$APPENDER" "$D/data" "$D/n.key" 1 >"$D/acked" 2>/dev/null & app=$!
for _ in $(seq 1 600); do
	[ "$(wc -l <"$D/acked")" -gt 20 ] && break
	sleep 0.1
done
kill $app 2>/dev/null
wait $app 2>/dev/null
acked=$(tail -1 "$D/acked")
check "records were appended" [ "${acked:-0}" -gt 20 ]
# The appender may have committed more than it printed before the kill.
n=$("$TOOL" -c "$D/n.ini" dump | awk '$1 == "vestre-toten" { print $3 }')
check "dump shows the feed by name, holding every acked record" [ "${n:-0}" -ge "$acked" ]
check "dump --json is valid and names the feed" grep -q '"author": "vestre-toten"' <("$TOOL" -c "$D/n.ini" dump --json)
check "dump --feed lists every record" [ "$("$TOOL" -c "$D/n.ini" dump --feed vestre-toten | wc -l)" -eq "$n" ]
check "dump --feed keeps æøå" grep -q "tverrfaglig samarbeid" <("$TOOL" -c "$D/n.ini" dump --feed vestre-toten)
check "verify passes on an intact store" "$TOOL" -c "$D/n.ini" verify

# Flip one byte of record 3's title inside data.mdb (every copy of it:
# LMDB may keep an old copy of the page in its free list).
title=$("$TOOL" -c "$D/n.ini" dump --feed vestre-toten | awk '$1 == 3' |
    grep -o 'Tiltak [0-9]*')
for off in $(grep -abo "$title" "$D/data/data.mdb" | cut -d: -f1); do
	printf 't' | dd of="$D/data/data.mdb" bs=1 seek="$off" conv=notrunc 2>/dev/null
done
"$TOOL" -c "$D/n.ini" verify >"$D/out" 2>&1
check "verify fails after a flipped byte" [ $? -ne 0 ]
check "verify names the feed and the record" grep -q "FAULT vestre-toten *record 3: signature does not verify" "$D/out"
"$TOOL" -c "$D/n.ini" verify --quick >/dev/null 2>&1
check "verify --quick also finds it" [ $? -ne 0 ]
timeout 20 "$NODE" -c "$D/n.ini" 2>"$D/err"
check "the node refuses to serve a damaged store" [ $? -eq 1 ]
check "and says which feed and record" grep -Eq "feed vestre-toten record [34]:" "$D/err"
"$TOOL" -c "$D/missing.ini" verify 2>"$D/err"
check "a missing config is an error" [ $? -ne 0 ]
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
