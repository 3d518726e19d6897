#!/bin/sh
# render.sh - turn the example templates (conf/REGION/*.ini.in) into
# configs a node can run, with a fresh key pair per node.
#
# usage: conf/render.sh OUTDIR SAMPLAN [REGION ...]
#
# For each REGION (default: every directory under conf/ with templates)
# it writes OUTDIR/REGION/NAME.ini, generating OUTDIR/REGION/keys/NAME.key
# with `SAMPLAN keygen --out FILE` (which prints the public key in hex).
# The templates use relative paths, so data_dir and key land in
# OUTDIR/REGION/data and OUTDIR/REGION/keys.  A key that already exists is
# reused, so rendering twice gives the same configs.  No secret key ever
# lives in the source tree.
set -eu

if [ $# -lt 2 ]; then
	echo "usage: $0 OUTDIR SAMPLAN [REGION ...]" >&2
	exit 2
fi
out=$1
samplan=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)

if [ $# -eq 0 ]; then
	for d in "$here"/*/; do
		d=${d%/}
		set -- "$@" "${d##*/}"
	done
fi

for region in "$@"; do
	src=$here/$region
	dst=$out/$region
	if ! ls "$src"/*.ini.in >/dev/null 2>&1; then
		echo "$0: $src: no templates" >&2
		exit 1
	fi
	mkdir -p "$dst/keys" "$dst/data"
	script=
	for t in "$src"/*.ini.in; do
		name=$(basename "$t" .ini.in)
		keyfile=$dst/keys/$name.key
		if [ -e "$keyfile" ]; then
			hex=$(sed -n 's/^public //p' "$keyfile")
		else
			hex=$("$samplan" keygen --out "$keyfile")
		fi
		case $hex in
		*[!0-9a-f]*|'')
			echo "$0: $keyfile: no public key in hex" >&2
			exit 1 ;;
		esac
		if [ ${#hex} -ne 64 ]; then
			echo "$0: $keyfile: public key is not 64 hex digits" >&2
			exit 1
		fi
		var=KEY_$(echo "$name" | tr 'a-z-' 'A-Z_')
		script="${script}s/@$var@/$hex/g
"
	done
	for t in "$src"/*.ini.in; do
		name=$(basename "$t" .ini.in)
		sed "$script" "$t" >"$dst/$name.ini.tmp"
		if grep -q '@KEY_[A-Z_]*@' "$dst/$name.ini.tmp"; then
			echo "$0: $t: a peer without a template of its own" >&2
			rm -f "$dst/$name.ini.tmp"
			exit 1
		fi
		mv "$dst/$name.ini.tmp" "$dst/$name.ini"
	done
done
