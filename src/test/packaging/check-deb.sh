#!/usr/bin/env bash
# Installs the Debian package on this machine and checks it as an operator would use it, then removes it and checks
# that nothing but /etc/loopreg is left. Run by .ci/run as root, after `mvn -B -Pdeb -DskipTests package`:
#   bash src/test/packaging/check-deb.sh target/loopreg_*.deb
# Checks, in order:
#   1. dpkg -i; installing it again (dpkg's upgrade path: prerm upgrade, postinst configure with the old version);
#   2. from the PATH: loopreg --version, loopreg demo --dir TMP, man -w for every command's page, bash completion;
#      the class-data sharing archive postinst made is accepted by the JVM (-Xshare:on fails otherwise);
#   3. every installed unit passes systemd-analyze verify; each service rates <= 2.0 by systemd-analyze security;
#   4. the unit's sandbox: loopreg serve started as loopreg.service starts it (user loopreg, /etc/loopreg/loopreg.env,
#      its ExecStart), with only /var/lib/loopreg writable and a private /tmp (a mount namespace, as ProtectSystem=strict
#      and PrivateTmp make it, since systemd is not PID 1 here), no new privileges and no capabilities: it answers
#      /healthz, writes inside the workspace only, and stops cleanly on SIGTERM;
#   5. dpkg -r keeps /etc/loopreg and /var/lib/loopreg, removes the rest; dpkg -P leaves /etc/loopreg only.
set -euo pipefail
deb=$(readlink -f "$1")
[ "$(id -u)" = 0 ] || { echo "check-deb: run as root (it installs a package)" >&2; exit 2; }
tmp=$(mktemp -d)
cleanup() { [ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
say() { printf 'check-deb: %s\n' "$*"; }
fail() { printf 'check-deb: FAILED: %s\n' "$*" >&2; exit 1; }
snapshot() { find /etc /usr /lib /var /opt -xdev \( -path /var/lib/dpkg -o -path /var/log -o -path /var/cache -o -path /var/tmp \
  -o -path /var/lib/apt -o -path /var/lib/systemd/deb-systemd-helper-masked -o -path '/var/lib/systemd/deb-systemd-helper-enabled' \) -prune \
  -o -print 2>/dev/null | grep -Ev '^/etc/(passwd|group|shadow|gshadow|subuid|subgid)-$' | sort; }

if dpkg -s loopreg >/dev/null 2>&1; then
  fail "loopreg is installed already; remove it first (dpkg -P loopreg) so the check starts from a machine without it"
fi
[ ! -e /etc/loopreg ] || fail "/etc/loopreg exists already; move it away so the check can see what the package leaves"
snapshot >"$tmp/before"

# 1. install, and install again
say "dpkg -i $(basename "$deb")"
dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; fail "dpkg -i"; }
dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; fail "dpkg -i over itself (the upgrade path)"; }
[ "$(stat -c '%U:%G %a' /etc/loopreg/loopreg.env)" = "root:loopreg 640" ] || fail "/etc/loopreg/loopreg.env is $(stat -c '%U:%G %a' /etc/loopreg/loopreg.env); expected root:loopreg 640"
[ "$(stat -c '%U:%G' /var/lib/loopreg)" = "loopreg:loopreg" ] || fail "/var/lib/loopreg is not owned by loopreg"

# 2. the command, its pages and its completion
[ "$(command -v loopreg)" = /usr/bin/loopreg ] || fail "loopreg on the PATH is $(command -v loopreg); expected /usr/bin/loopreg"
say "$(cd "$tmp" && loopreg --version)"
(cd "$tmp" && loopreg demo --dir "$tmp/demo" >"$tmp/demo.log" 2>&1) || { cat "$tmp/demo.log" >&2; fail "loopreg demo"; }
say "loopreg demo: $(grep -m1 '^Decisions:' "$tmp/demo.log")"
commands=$(loopreg --help | awk '/^Commands:/{c=1; next} c && /^  [a-z]/{print $1} c && /^$/{exit}')
[ -n "$commands" ] || fail "loopreg --help listed no commands"
pages=0
for c in "" $commands; do
  page=loopreg${c:+-$c}
  man -w "$page" >/dev/null 2>&1 || fail "man -w $page: no such man page"
  pages=$((pages + 1))
done
say "man -w: $(man -w loopreg) and $((pages - 1)) more, one per command"
man loopreg-evaluate 2>/dev/null | grep -q -- '--json' || fail "man loopreg-evaluate does not show --json"
bash -c 'source /usr/share/bash-completion/completions/loopreg && complete -p loopreg' >/dev/null || fail "completion"
/usr/lib/loopreg/runtime/bin/java -Xshare:on -XX:SharedArchiveFile=/usr/lib/loopreg/loopreg.jsa -cp /usr/lib/loopreg/loopreg.jar \
  dev.loopreg.cli.Main --version >/dev/null 2>"$tmp/cds.err" || { cat "$tmp/cds.err" >&2; fail "the class-data sharing archive is refused"; }
say "class-data sharing archive: accepted"

# 3. the units, by systemd's own tools
units="/lib/systemd/system/loopreg.service /lib/systemd/system/loopreg-collect.service /lib/systemd/system/loopreg-collect.timer"
systemd-analyze verify $units 2>&1 | grep -v 'Failed to connect\|/etc/systemd/system' | tee "$tmp/verify" >&2 || true
[ ! -s "$tmp/verify" ] || fail "systemd-analyze verify complained"
for s in loopreg.service loopreg-collect.service; do
  level=$(systemd-analyze security --offline=true "/lib/systemd/system/$s" 2>/dev/null | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
  [ -n "$level" ] || fail "systemd-analyze security printed no level for $s"
  awk -v l="$level" 'BEGIN { exit !(l <= 2.0) }' || fail "$s rates $level; expected 2.0 or less"
  say "systemd-analyze security $s: $level"
done

# 4. the sandbox: a workspace as the operator makes it, serve started as the unit starts it
port=$((20000 + RANDOM % 20000))
install -d -o loopreg -g loopreg -m 0750 /var/lib/loopreg/workspace
cp -r /usr/share/loopreg/sample-workspace/. /var/lib/loopreg/workspace/
chown -R loopreg:loopreg /var/lib/loopreg/workspace
sed -i "s|^LOOPREG_SERVE_ARGS=.*|LOOPREG_SERVE_ARGS=--bind 127.0.0.1 --port $port --no-schedule|" /etc/loopreg/loopreg.env
execstart=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/loopreg.service)
touch "$tmp/mark"   # (what serve writes is newer: file times have nanoseconds)
# shellcheck disable=SC2016
unshare --mount --propagation private bash -c '
  set -e
  mount --bind /var/lib/loopreg /var/lib/loopreg                     # ReadWritePaths=/var/lib/loopreg
  for m in $(findmnt -rno TARGET | sort -r); do                        # ProtectSystem=strict, ProtectHome=read-only
    case "$m" in /proc*|/sys*|/dev*|/var/lib/loopreg) continue ;; esac
    mount -o remount,bind,ro "$m" 2>/dev/null || true
  done
  mount -t tmpfs -o mode=1777 tmpfs /tmp; mount -t tmpfs -o mode=1777 tmpfs /var/tmp     # PrivateTmp=yes
  if touch /usr/lib/loopreg/x 2>/dev/null || touch /etc/loopreg/x 2>/dev/null; then echo "the sandbox is writable outside /var/lib/loopreg" >&2; exit 1; fi
  env=()
  while IFS= read -r line; do case "$line" in ""|"#"*) ;; *) env+=("$line") ;; esac; done </etc/loopreg/loopreg.env
  exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "${env[@]}" setpriv --reuid=loopreg --regid=loopreg --init-groups \
    --no-new-privs --inh-caps=-all --bounding-set=-all bash -c "cd /; exec $1"
' sandbox "$execstart" >"$tmp/serve.out" 2>"$tmp/serve.err" &
serve_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/healthz" >"$tmp/healthz" 2>/dev/null && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$tmp/serve.err" >&2; fail "serve in the sandbox exited"; }
  sleep 0.5
done
[ -s "$tmp/healthz" ] || { cat "$tmp/serve.err" >&2; fail "serve in the sandbox did not answer /healthz"; }
say "serve in the unit's sandbox, as user $(ps -o user= -p "$(pgrep -n -f "dev.loopreg.cli.Main serve")"): /healthz $(grep -o '"status" : "[a-z]*"' "$tmp/healthz" | head -1)"
curl -fsS "http://127.0.0.1:$port/" >/dev/null || fail "serve in the sandbox did not serve its overview page"
kill -TERM "$serve_pid"
code=0; wait "$serve_pid" || code=$?
[ "$code" = 0 ] || [ "$code" = 143 ] || { cat "$tmp/serve.err" >&2; fail "serve stopped by SIGTERM exited $code; expected 0 or 143"; }
serve_pid=
grep -qi 'exception\|read-only file system' "$tmp/serve.err" && { cat "$tmp/serve.err" >&2; fail "serve in the sandbox logged an error"; }
written=$(find /etc /usr /lib /var /opt -xdev \( -path /var/log -o -path /var/cache \) -prune -o -newer "$tmp/mark" -print 2>/dev/null \
  | grep -v '^/var/lib/loopreg/workspace' | head -20 || true)
[ -z "$written" ] || fail "serve wrote outside its workspace: $written"
say "serve stopped by SIGTERM (exit $code); it wrote inside /var/lib/loopreg/workspace only"

# 5. remove, purge
dpkg -r loopreg >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; fail "dpkg -r"; }
[ -f /etc/loopreg/loopreg.env ] || fail "dpkg -r removed /etc/loopreg/loopreg.env"
[ -d /var/lib/loopreg/workspace ] || fail "dpkg -r removed the workspace"
[ ! -e /usr/bin/loopreg ] && [ ! -e /usr/lib/loopreg ] || fail "dpkg -r left /usr/bin/loopreg or /usr/lib/loopreg"
rm -rf /var/lib/loopreg/workspace   # (the operator's own: purge keeps a workspace too; this check wants an empty state dir)
dpkg -P loopreg >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; fail "dpkg -P"; }
snapshot >"$tmp/after"
left=$(comm -13 "$tmp/before" "$tmp/after")
gone=$(comm -23 "$tmp/before" "$tmp/after")
[ "$left" = "$(printf '/etc/loopreg\n/etc/loopreg/loopreg.env')" ] || fail "after dpkg -P, expected only /etc/loopreg left; new paths: ${left:-none}"
[ -z "$gone" ] || fail "the package's installation and removal deleted: $gone"
say "dpkg -r kept /etc/loopreg and the workspaces; dpkg -P left only: $(echo "$left" | paste -sd' ')"
rm -rf /etc/loopreg
say "ok"
