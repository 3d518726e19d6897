#!/bin/bash
# package.sh - the Debian package (issue 12 item 2), end to end: builds
# samplan as a distribution would (prefix /usr, CFLAGS with
# -D_FORTIFY_SOURCE=3, no tests so no cmocka, warnings as errors), makes
# the .deb with `cpack -G DEB`, and installs it with dpkg into a
# throwaway root: an overlay over this machine's / in a private mount
# namespace (unshare), upper layer on a tmpfs, so nothing here changes.
# There it checks the user, group and directories the package creates,
# makes the service's key with `samplan keygen --owner samplan` and runs
# `samplan-node -n` as the samplan user against the example config.
# Needs root and unshare with mount namespaces and overlayfs; exits 77
# and says why otherwise.
#
# usage: package.sh NODE TOOL WRITER VERSION SOURCE_DIR
VERSION=$4 SRC=$5
skip() {
	echo "SKIP: $*"
	exit 77
}
[ "$(id -u)" -eq 0 ] || skip "needs root (dpkg in a throwaway root made with unshare)"
command -v unshare >/dev/null || skip "no unshare (util-linux)"
command -v cpack >/dev/null || skip "no cpack"
command -v dpkg >/dev/null || skip "no dpkg: not a Debian system"
unshare --mount --propagation private true 2>/dev/null ||
    skip "unshare --mount is not permitted here"
D=$(mktemp -d "${TMPDIR:-/tmp}/samplan-package-XXXXXX")
trap 'rm -rf "$D"' EXIT
PASSED=0 FAILED=0
check() {
	local what=$1
	shift
	if "$@"; then
		PASSED=$((PASSED + 1))
		echo "package: ok: $what"
	else
		FAILED=$((FAILED + 1))
		echo "package: FAILED: $what"
	fi
}

# The distribution's build.
if ! (cd "$D" && CFLAGS="-g -O2 -D_FORTIFY_SOURCE=3" \
    cmake -S "$SRC" -B build -DCMAKE_INSTALL_PREFIX=/usr \
    -DCMAKE_BUILD_TYPE=None -DBUILD_TESTING=OFF -DSP_WERROR=ON \
    >build.log 2>&1 && nice cmake --build build -j 2 >>build.log 2>&1); then
	tail -30 "$D/build.log"
	check "distribution build (-D_FORTIFY_SOURCE=3, no tests, -Werror)" false
	exit 1
fi
check "distribution build (-D_FORTIFY_SOURCE=3, no tests, -Werror)" true
check "the build used the builder's _FORTIFY_SOURCE=3 alone" eval \
    '! grep -q "_FORTIFY_SOURCE=2" "$D/build/compile_commands.json"'
(cd "$D/build" && cpack -G DEB >"$D/cpack.log" 2>&1)
deb=$(ls "$D"/build/samplan_"$VERSION"_*.deb 2>/dev/null | head -1)
check "cpack -G DEB made samplan_${VERSION}_*.deb" [ -n "$deb" ]
[ -n "$deb" ] || { cat "$D/cpack.log"; exit 1; }
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/samplan ./usr/bin/samplan-node \
    ./usr/lib/systemd/system/samplan-node@.service \
    ./usr/lib/sysusers.d/samplan.conf ./usr/lib/tmpfiles.d/samplan.conf \
    ./usr/share/doc/samplan/samplan.ini.example \
    ./usr/share/doc/samplan/LICENSE ./usr/share/man/man1/samplan.1 \
    ./usr/share/man/man8/samplan-node.8 ./usr/share/man/man5/samplan.ini.5 \
    ./usr/share/bash-completion/completions/samplan; do
	check "the package holds $f" grep -q " $f\( \|$\)" <<<"$contents"
done
check "the unit starts /usr/bin/samplan-node" eval \
    'dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/lib/systemd/system/samplan-node@.service | grep -q "^ExecStart=/usr/bin/samplan-node "'

# The throwaway root: everything below runs in a private mount namespace.
cp "$deb" "$D/samplan.deb"
cat >"$D/inside.sh" <<'INSIDE'
set -u
R=$1
ok() { echo "ok: $1"; }
no() { echo "FAILED: $1"; }
t() { local w=$1; shift; if "$@"; then ok "$w"; else no "$w"; fi; }
in_root() { chroot "$R" "$@"; }
t "dpkg -i installs the package" in_root sh -c 'dpkg -i /root/samplan.deb >/root/dpkg.log 2>&1 || { cat /root/dpkg.log; exit 1; }'
t "the samplan user exists" in_root getent passwd samplan
t "the samplan group exists" in_root getent group samplan
t "/var/lib/samplan is the samplan user's, 0700" \
    [ "$(in_root stat -c '%U %G %a' /var/lib/samplan)" = "samplan samplan 700" ]
t "/etc/samplan is root:samplan 0750" \
    [ "$(in_root stat -c '%U %G %a' /etc/samplan)" = "root samplan 750" ]
in_root install -m 0640 -g samplan /usr/share/doc/samplan/samplan.ini.example /etc/samplan/example.ini
t "samplan keygen --owner samplan makes the service's key" \
    in_root samplan keygen --owner samplan --out /etc/samplan/example.key
t "the key is samplan's and stays 0600" \
    [ "$(in_root stat -c '%U %G %a' /etc/samplan/example.key)" = "samplan samplan 600" ]
t "keygen --owner with an unknown user is refused" \
    sh -c "! chroot '$R' samplan keygen --owner nosuchuser --out /etc/samplan/x.key 2>/dev/null && [ ! -e '$R/etc/samplan/x.key' ]"
as_samplan() { in_root setpriv --reuid=samplan --regid=samplan --init-groups "$@"; }
t "the service user can read its key" as_samplan sh -c 'cat /etc/samplan/example.key >/dev/null'
out=$(as_samplan samplan-node -n -c /etc/samplan/example.ini 2>&1)
t "samplan-node -n as samplan: $out" [ "$out" = "configuration OK" ]
t "samplan-node --version in the root" [ "$(in_root samplan-node --version)" = "samplan-node $2" ]
INSIDE
run_inside() {
	set -e
	mount -t tmpfs tmpfs "$D/ns"
	mkdir "$D/ns/upper" "$D/ns/work" "$D/ns/root"
	mount -t overlay overlay \
	    -o "lowerdir=/,upperdir=$D/ns/upper,workdir=$D/ns/work" "$D/ns/root"
	mount -t proc proc "$D/ns/root/proc"
	mount --rbind /dev "$D/ns/root/dev"
	mount -t tmpfs tmpfs "$D/ns/root/tmp"
	mount -t tmpfs tmpfs "$D/ns/root/run"
	cp "$D/samplan.deb" "$D/ns/root/root/samplan.deb"
	set +e
	bash "$D/inside.sh" "$D/ns/root" "$VERSION"
}
mkdir "$D/ns"
export D VERSION
export -f run_inside
out=$(unshare --mount --propagation private bash -c run_inside 2>&1)
rc=$?
if ! grep -q "^ok: dpkg" <<<"$out" && grep -qi "overlay\|mount" <<<"$out"; then
	echo "$out"
	skip "cannot make an overlay root here"
fi
while IFS= read -r line; do
	case "$line" in
	ok:*) check "${line#ok: }" true ;;
	FAILED:*) check "${line#FAILED: }" false ;;
	*) echo "  $line" ;;
	esac
done <<<"$out"
check "the throwaway root ran (exit $rc)" [ "$rc" -eq 0 ]
check "this machine has no samplan package afterwards" eval \
    '! dpkg -s samplan >/dev/null 2>&1'
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
