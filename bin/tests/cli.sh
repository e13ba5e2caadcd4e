#!/usr/bin/env bash
# Command line checks of bin/bbh: exit codes and output of its commands against the bundled
# examples, run by `bin/bbh test` after Maven. Each check runs the real bbh.jar.
set -uo pipefail

top=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
bbh=$top/bin/bbh
examples=$top/examples/tenant-repo
scratch=$(mktemp -d "${TMPDIR:-/tmp}/bbh-cli-checks.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

passed=0
failed=0

# expect NAME WANT_EXIT STDOUT_REGEX STDERR_REGEX -- COMMAND...: runs COMMAND from the top folder;
# passes when it exits WANT_EXIT and each non-empty regex (grep -E) matches a line of its stream.
expect() {
  local name=$1 want=$2 out_re=$3 err_re=$4 rc why=''
  shift 5
  (cd "$top" && "$@") >"$scratch/out" 2>"$scratch/err" </dev/null
  rc=$?
  if [ "$rc" -ne "$want" ]; then
    why="exit status $rc, expected $want"
  elif [ -n "$out_re" ] && ! grep -Eq -- "$out_re" "$scratch/out"; then
    why="stdout has no line matching /$out_re/"
  elif [ -n "$err_re" ] && ! grep -Eq -- "$err_re" "$scratch/err"; then
    why="stderr has no line matching /$err_re/"
  fi
  if [ -z "$why" ]; then
    passed=$((passed + 1))
    printf 'ok   %s\n' "$name"
  else
    failed=$((failed + 1))
    printf 'FAIL %s: %s\n' "$name" "$why"
    printf '     $ %s\n' "$*"
    sed -e 's/^/     stdout: /' "$scratch/out" | tail -n 15
    sed -e 's/^/     stderr: /' "$scratch/err" | tail -n 15
  fi
}

# A copy of the examples whose first tenant's metadata.json is not JSON at line 3, column 9.
broken=$scratch/broken-repo
cp -R "$examples" "$broken"
first=$(find "$broken/tenants" -mindepth 2 -maxdepth 2 -name metadata.json | LC_ALL=C sort | head -n 1)
if [ -n "$first" ]; then
  printf '{\n  "schemaVersion": 1,\n  "id": oops\n}\n' >"$first"
fi

expect "help exits 0 and prints the usage" 0 '^usage: bbh ' '' -- \
  "$bbh" --help
expect "an unknown command is a usage error" 2 '' '^usage: bbh ' -- \
  "$bbh" frobnicate
expect "validate without a repository is a usage error" 2 '' '^usage: bbh ' -- \
  "$bbh" validate
expect "an unknown option is a usage error" 2 '' "unknown argument '--bogus'" -- \
  "$bbh" run --repo "$examples" --bogus
expect "render without --root is a usage error" 2 '' 'render needs --root' -- \
  "$bbh" render --repo "$examples"
expect "validate examples/tenant-repo: all valid" 0 '' '^[0-9]+ tenants?, [0-9]+ valid, 0 invalid$' -- \
  "$bbh" validate examples/tenant-repo
expect "validate takes paths relative to the caller's folder" 0 '' ', 0 invalid$' -- \
  bash -c 'cd examples && ../bin/bbh validate tenant-repo'
expect "validate a broken metadata.json: exit 1, path:line:column:" 1 \
  '^tenants/[^/]+/metadata\.json:[0-9]+:[0-9]+: ' '[1-9][0-9]* invalid' -- \
  "$bbh" validate "$broken"
expect "validate a missing repository: exit 2" 2 '' '.' -- \
  "$bbh" validate /nonexistent

# bbh.sysext's rule runs in `bbh validate`, every time: its service is registered before validation
# starts (BatchRunner waits until every bundle started). Three runs: a race would show in one.
ext=$scratch/ext-repo
cp -a "$examples" "$ext"
chmod 4755 "$ext/tenants/acme/extensions/tenant-tools/usr/bin/acme-hello"
for run in 1 2 3; do
  expect "validate runs the extension checks of bbh.sysext (run $run)" 1 \
    '^tenants/acme/extensions/tenant-tools/usr/bin/acme-hello: tenant acme: extensions\[0\]: mode 4755 has the setuid or setgid bit' \
    ', 1 invalid' -- "$bbh" validate "$ext"
done
# bbh.sysext's repository rule checks the operator-wide trees (extensions/<name>/) too: a broken
# one is an operator-wide problem, which makes no tenant invalid but exits 1.
opext=$scratch/operator-ext-repo
cp -a "$examples" "$opext"
chmod 4755 "$opext/extensions/debug-tools/usr/bin/bbh-debug-info"
expect "validate checks the operator-wide extension trees: exit 1, an operator-wide line" 1 \
  '^extensions/debug-tools/usr/bin/bbh-debug-info: operator-wide: sysext debug-tools: mode 4755 has the setuid or setgid bit' \
  ', 0 invalid \(1 problem, 1 operator-wide\)$' -- "$bbh" validate "$opext"
# A tree the operator declares (--config, bbh.sysext hostSysext) but the repository lacks. Three
# runs: the rule must carry the configuration before it checks.
mkdir -p "$scratch/sysext-config"
printf '{ "hostSysext": ["debug-tools", "net-tools"] }\n' >"$scratch/sysext-config/bbh.sysext.json"
for run in 1 2 3; do
  expect "validate --config: a declared operator-wide tree that is missing (run $run)" 1 \
    '^extensions/net-tools: operator-wide: sysext net-tools: a folder with the extension.s files was expected; there is none \(declared in bbh.sysext hostSysext\)$' \
    ', 0 invalid' -- "$bbh" validate --config "$scratch/sysext-config" "$examples"
done
# The operator's configuration (--config) is in effect before validation: VLAN tenants need the
# operator's uplink. Three runs: a race between the configuration and the rule would show in one.
vlans=$scratch/vlan-repo
bash "$top/bench/generate-repo" 3 "$vlans" >/dev/null
operator=$scratch/operator
mkdir -p "$operator"
printf '{ "uplinks": ["eth0"], "defaultUplink": "eth0" }\n' >"$operator/bbh.network.json"
expect "validate without the operator's uplink: VLAN tenants are invalid" 1 \
  '^tenants/t00000/metadata\.json: tenant t00000: network\.vlan: expected an uplink for VLAN 1' ', 3 invalid' -- \
  "$bbh" validate "$vlans"
for run in 1 2 3; do
  expect "validate --config: the operator's uplink is in effect (run $run)" 0 '' ', 3 valid, 0 invalid' -- \
    "$bbh" validate --config "$operator" "$vlans"
done
printf '{ "uplinks": ["eth0", 3] }\n' >"$scratch/bad.json"
mkdir -p "$scratch/bad-config" && mv "$scratch/bad.json" "$scratch/bad-config/bbh.network.json"
expect "validate --config with a malformed file: its name and property" 2 '' 'bbh.network.json: uplinks\[1\]: a string was expected' -- \
  "$bbh" validate --config "$scratch/bad-config" "$vlans"
expect "render examples/tenant-repo into a scratch host: exit 0 and a summary" 0 '^TENANT +BACKEND +LAST DONE +STATE +ADDRESS' '' -- \
  "$bbh" render --repo examples/tenant-repo --root "$scratch/host" --timeout 120

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
