#!/bin/bash
# notify.sh - under systemd (Type=notify) the node reports readiness on
# NOTIFY_SOCKET once it serves, and still stops cleanly on SIGTERM.
NODE=$1 TOOL=$2 WRITER=$3 NOTIFY=$4
. "$(dirname "$0")/lib.sh"
mn_init notify
mn_region region koord "k1"
mn_render
out=$("$NOTIFY" "$D/notify.sock" "$NODE" -c "$D/koord.ini" 2>"$D/koord.log")
rc=$?
mn_check "the node sent READY=1 ($out)" [ "$out" = "READY=1" ]
mn_check "and exited 0 on SIGTERM ($rc)" [ "$rc" -eq 0 ]
mn_finish
