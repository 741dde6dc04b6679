#!/usr/bin/env bash
# The Debian package installs (dpkg -i), its units pass systemd-analyze verify, the installed
# programs run from the installed files (collector from /etc/wallboard/collector.json as the
# wallboard user, a headless screen from /etc/wallboard/layout.json with the installed fonts),
# and it purges cleanly. Changes the machine: CI runs it (scripts/test with CI=true, as root).
#   tests/package/test_deb.sh PACKAGE.deb
set -euo pipefail
deb=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $*"; }
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (installs a package)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; fail "dpkg -i $deb"; }
dpkg-query -W -f='${Status}' wallboard | grep -q "install ok installed" || fail "not installed"
ok "dpkg -i $(basename "$deb")"
getent passwd wallboard >/dev/null || fail "no wallboard user"
[ "$(stat -c '%a %U:%G' /etc/wallboard/token)" = "640 root:wallboard" ] || fail "token mode"
ok "the wallboard user and a site token readable by it only"
for f in /usr/bin/wallboard /usr/bin/wb-collector /usr/bin/wb-push /etc/wallboard/collector.json \
         /etc/wallboard/layout.json /usr/share/wallboard/fonts/NotoSansSC-Regular.otf \
         /usr/lib/systemd/system/wb-collector.service /usr/lib/systemd/user/wallboard-x11.service; do
    [ -e "$f" ] || fail "$f missing"
done
grep -qx /etc/wallboard/collector.json /var/lib/dpkg/info/wallboard.conffiles || fail "conffiles"
ok "binaries, data, units and configuration (a conffile) in place"

# The X session's user unit is checked as a file too (--user needs a user session to run in).
units=(/usr/lib/systemd/system/wb-collector.service /usr/lib/systemd/system/wallboard-kms.service
       /usr/lib/systemd/user/wallboard-x11.service)
[ -x /usr/bin/cage ] && units+=(/usr/lib/systemd/system/wallboard-cage.service)
said=$(systemd-analyze verify --man=no "${units[@]}" 2>&1) || fail "systemd-analyze: $said"
[ -z "$said" ] || fail "systemd-analyze verify: $said"
ok "systemd-analyze verify accepts the installed units"

# The collector as its unit runs it (user, config, state directory), for two seconds.
if command -v runuser >/dev/null; then
    chmod 777 "$tmp" # the collector's sockets, made as the wallboard user
    (cd /var/lib/wallboard && runuser -u wallboard -- /usr/bin/wb-collector \
        --config /etc/wallboard/collector.json --pull "ipc://$tmp/p" --pub "ipc://$tmp/b" \
        --rep "ipc://$tmp/r" --metrics http://127.0.0.1:19411 --simulate --run-for 2) \
        >"$tmp/collector.log" 2>&1 &
    sleep 1.5
    health=$(/usr/bin/python3 -c 'import urllib.request;print(urllib.request.urlopen("http://127.0.0.1:19411/health").read().decode())' || true)
    wait
    grep -q '"status":"ok"' <<<"$health" || { cat "$tmp/collector.log"; fail "collector health: $health"; }
    ls /var/lib/wallboard/journal/*.jsonl >/dev/null 2>&1 || fail "no journal in /var/lib/wallboard"
    ok "the installed collector runs as wallboard from /etc/wallboard/collector.json: $health"
fi
/usr/bin/wallboard --headless --size 1280x720 --layout /etc/wallboard/layout.json \
    --state "$here/tests/data/busy-state.json" --screenshot "$tmp/screen.png" >"$tmp/wb.log" 2>&1 \
    || { cat "$tmp/wb.log"; fail "installed wallboard"; }
[ -s "$tmp/screen.png" ] || fail "no screenshot"
ok "the installed wallboard draws /etc/wallboard/layout.json with the installed fonts"

dpkg -P wallboard >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; fail "dpkg -P"; }
[ ! -e /usr/bin/wallboard ] && [ ! -e /etc/wallboard/token ] || fail "purge left files"
ok "dpkg -P removes it"
echo "1 passed, 0 failed"
