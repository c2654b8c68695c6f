#!/usr/bin/env bash
# bench/min-memory.sh: the smallest memory limit (linux.resources.memory.limit) at which
# `crate run` and `runc run` still start /bin/true in the busybox bundle, found by bisection
# over whole MiB. crate's init is a JVM, but it joins the container's cgroup only once its own
# work is done, so its memory is not charged to the limit; runc's init runs inside it.
#
# Usage: bench/min-memory.sh [--max MIB]     (default 64). Needs root, `make`, runc, jq.
# Cgroups: both runtimes get a RELATIVE cgroupsPath (crate-minmem/<id>), which both place
# under their own cgroup in each hierarchy, and both delete it after each run.
set -euo pipefail
max=64
[ "${1:-}" = --max ] && max=${2:?--max MIB}
repo=$(cd "$(dirname "$0")/.." && pwd)
crate=$repo/crate-app/target/crate/bin/crate
rootfs=$repo/target/fixtures/rootfs
[ "$(id -u)" -eq 0 ] || { echo "min-memory.sh: needs root" >&2; exit 2; }
[ -x "$crate" ] || { echo "min-memory.sh: run make first" >&2; exit 2; }
"$repo/scripts/busybox-rootfs.sh" "$rootfs"
work=$(mktemp -d /tmp/crate-minmem.XXXXXX)
trap 'rm -rf "$work"' EXIT
bundle=$work/bundle
mkdir -p "$bundle"
runc spec --bundle "$bundle"
base=$(jq --arg rootfs "$rootfs" '.process.terminal = false | .process.args = ["/bin/true"] | .root.path = $rootfs' "$bundle/config.json")

# runs RUNTIME with LIMIT_MIB; exit status 0 if /bin/true ran
try() {
  local runtime=$1 mib=$2 id="minmem-$1-$2-$$"
  jq --argjson limit $((mib << 20)) --arg path "crate-minmem/$id" \
    '.linux.resources.memory = {limit: $limit} | .linux.cgroupsPath = $path' <<<"$base" >"$bundle/config.json"
  case $runtime in
    crate) "$crate" --root "$work/crate" run --bundle "$bundle" "$id" >/dev/null 2>&1 ;;
    runc) runc --root "$work/runc" run --bundle "$bundle" "$id" >/dev/null 2>&1 ;;
  esac
  local rc=$?
  runc --root "$work/runc" delete -f "$id" >/dev/null 2>&1 || true
  "$crate" --root "$work/crate" delete -f "$id" >/dev/null 2>&1 || true
  return $rc
}

for runtime in crate runc; do
  if ! try "$runtime" "$max"; then echo "$runtime: fails even at $max MiB"; continue; fi
  lo=0 hi=$max   # invariant: fails at lo (or lo = 0), works at hi
  while [ $((hi - lo)) -gt 1 ]; do
    mid=$(((lo + hi) / 2))
    if try "$runtime" "$mid"; then hi=$mid; else lo=$mid; fi
  done
  echo "$runtime: smallest working memory limit: $hi MiB (fails at $lo MiB)"
done
# the relative parent both runtimes made under their own cgroups: remove it if empty
for m in $(awk '$3=="cgroup"||$3=="cgroup2"{print $2}' /proc/self/mounts); do
  c=$(basename "$m"); own=$(awk -F: -v c="$c" '$2 ~ "(^|,)"c"(,|$)" || ($2=="" && c=="unified") {print $3}' /proc/self/cgroup)
  rmdir "$m${own%/}/crate-minmem" 2>/dev/null || true
done
