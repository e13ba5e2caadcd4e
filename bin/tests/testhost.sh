#!/usr/bin/env bash
# Self-test of bin/testhost with the script alone: boots a host, reads its state, starts a unit placed
# in its root, places a /run file, stops it and checks that nothing is left. Prints each check, then
# "N passed, N failed"; exits non-zero when a check failed. Needs root (as bin/testhost does).
# Checks are `check WHAT eval 'CONDITION'`: single quotes on purpose, the condition is evaluated when
# the check runs, and variables used only there (rootfs) look unused to shellcheck.
# shellcheck disable=SC2016,SC2034
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
testhost=$top/bin/testhost
name=selftest-$$
unit=bbh-selftest.service
passed=0
failed=0

# The host must not outlive this script, whichever way it ends.
trap '"$testhost" stop "$name" >/dev/null 2>&1' EXIT
trap 'exit 130' INT TERM

check() {
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok - $what"
  else
    failed=$((failed + 1))
    echo "not ok - $what"
  fi
}

equals() { [[ $1 == "$2" ]] || { echo "  expected '$2', got '$1'" >&2; return 1; }; }
in_host() { "$testhost" exec "$name" "$@"; }
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
# Value of KEY in the key=value text $env.
value() { sed -n "s/^$1=//p" <<<"$env"; }

rootfs=$("$testhost" rootfs | sed -n 's/^rootfs=//p')
check "rootfs is cached at a path outside the checkout" \
  eval '[[ -d $rootfs && $rootfs != "$top"/* ]]'

t0=$(now_ms)
env=$("$testhost" start "$name")
start_rc=$?
start_ms=$(( $(now_ms) - t0 ))
check "start exits 0" equals "$start_rc" 0
if ((start_rc != 0)); then
  echo "$passed passed, $((failed + 1)) failed (no host, the other checks are skipped)"
  exit 1
fi
pid=$(value pid)
leader=$(value leader)
root=$(value root)
run=$(value run)
check "start prints name=" equals "$(value name)" "$name"
check "start prints bus= through the leader's /proc root" \
  equals "$(value bus)" "unix:path=/proc/$leader/root/run/dbus/system_bus_socket"
check "start prints root= (the overlay mount)" equals "$root" "/run/bbh-testhost/$name/root"
check "start prints run= (the guest's own /run)" equals "$run" "/proc/$leader/root/run"
check "the env file holds what start printed" equals "$(cat "/run/bbh-testhost/$name/env")" "$env"
check "pid= is systemd-nspawn" equals "$(cat "/proc/$pid/comm")" systemd-nspawn
check "leader= is systemd" equals "$(cat "/proc/$leader/comm")" systemd

check "is-system-running says running" equals "$(in_host systemctl is-system-running)" running
check "systemd-networkd is active" equals "$(in_host systemctl is-active systemd-networkd)" active
check "the system bus answers from the host" equals \
  "$(busctl --address="$(value bus)" get-property org.freedesktop.systemd1 /org/freedesktop/systemd1 \
    org.freedesktop.systemd1.Manager SystemState)" 's "running"'
check "status NAME exits 0 and says running" \
  eval '"$testhost" status "$name" | grep -q "^name=$name state=running "'
check "a second start of the same name is refused" eval '! "$testhost" start "$name" 2>/dev/null'
check "exec returns the command's exit code" eval 'in_host sh -c "exit 7"; [[ $? == 7 ]]'

cat >"$root/etc/systemd/system/$unit" <<'EOF'
[Unit]
Description=bin/tests/testhost.sh placed this unit through root=

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'echo started >/run/bbh-selftest.out'
EOF
check "daemon-reload succeeds" in_host systemctl daemon-reload
check "the placed unit starts" in_host systemctl start "$unit"
check "the placed unit is active" equals "$(in_host systemctl is-active "$unit")" active
check "the unit's /run output is readable through run=" equals "$(cat "$run/bbh-selftest.out")" started
echo placed >"$run/bbh-selftest.in"
check "a file placed through run= is in the guest's /run" \
  equals "$(in_host cat /run/bbh-selftest.in)" placed
check "the cached rootfs stays clean" eval '[[ ! -e $rootfs/etc/systemd/system/$unit ]]'

t0=$(now_ms)
"$testhost" stop "$name"
stop_rc=$?
stop_ms=$(( $(now_ms) - t0 ))
check "stop exits 0" equals "$stop_rc" 0
check "systemd-nspawn is gone" eval '[[ ! -e /proc/$pid ]] || grep -q "^State:.*zombie" /proc/$pid/status'
check "the container's systemd is gone" \
  eval '[[ ! -e /proc/$leader ]] || grep -q "^State:.*zombie" /proc/$leader/status'
check "the overlay is unmounted" eval '! findmnt -rn -o TARGET | grep -qxF "$root"'
check "/run/bbh-testhost/NAME is gone" eval '[[ ! -e /run/bbh-testhost/$name ]]'
check "nspawn's propagate folder is gone" eval '[[ ! -e /run/systemd/nspawn/propagate/$name ]]'
check "a second stop exits 0" eval '"$testhost" stop "$name" 2>/dev/null'
check "status NAME exits non-zero after stop" eval '! "$testhost" status "$name" >/dev/null'
check "exec on a stopped host fails" eval '! in_host true 2>/dev/null'

echo "timings: start ${start_ms} ms, stop ${stop_ms} ms"
echo "$passed passed, $failed failed"
((failed == 0))
