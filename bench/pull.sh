#!/usr/bin/env bash
# bench/pull.sh: time of `crate pull` of a ~200 MB multi-layer image against
# `skopeo copy` of the same image into an OCI directory, from the same local registry, in
# ONE hyperfine run. Prints hyperfine's table, the ratio of the medians, and what each side did.
#
# Usage: bench/pull.sh [--runs N] [--warmup N] [--quick] [--json FILE]
#   --quick      2 runs, no warm-up, for CI; --json FILE keeps hyperfine's JSON export.
# Needs root, the jlink image (`make`), hyperfine, jq, skopeo, umoci and ../shared/harness
# (its registry-up.sh starts docker-registry on 127.0.0.1:5000 and is idempotent).
# Exit status: 0; 1 if a pull failed or its result is wrong; 2 for usage or setup errors.
# Timings never decide the exit status.
#
# What is compared: both fetch the manifest, the config and four layers of 50 MiB of random
# bytes (gzip cannot shrink them, so ~200 MiB cross loopback) and verify their SHA-256.
# crate then also unpacks every layer into its store (and checks its diffID), which skopeo
# does not do: skopeo only writes the blobs into an OCI layout. Each run starts from an
# empty store / empty directory (hyperfine --prepare).
set -euo pipefail

runs=5 warmup=1 keep_json=
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?--runs N}; shift 2 ;;
    --warmup) warmup=${2:?--warmup N}; shift 2 ;;
    --quick) runs=2 warmup=0; shift ;;
    --json) keep_json=${2:?--json FILE}; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pull.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
die() { echo "pull.sh: $*" >&2; exit 2; }

repo=$(cd "$(dirname "$0")/.." && pwd)
crate=$repo/crate-app/target/crate/bin/crate
harness=$(cd "$repo/../shared/harness" 2>/dev/null && pwd) || die "no ../shared/harness next to the repository"
[ "$(id -u)" -eq 0 ] || die "needs root (the store keeps owners and device nodes)"
for tool in hyperfine jq skopeo umoci; do command -v "$tool" >/dev/null || die "missing $tool"; done
[ -x "$crate" ] || die "no crate image: run 'make' first"
case "$repo" in *[[:space:]]*) die "the repository path must not contain spaces" ;; esac

"$harness/registry-up.sh" >/dev/null 2>&1 || die "registry-up.sh failed (run it by hand to see why)"
registry=127.0.0.1:5000
ref=$registry/crate-bench-200m:latest

work=$(mktemp -d /tmp/crate-pull-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# --- the image, built once and kept in the registry --------------------------------------------
if ! skopeo inspect --tls-verify=false "docker://$ref" >/dev/null 2>&1; then
  echo "building $ref (4 layers of 50 MiB of random bytes)" >&2
  oci=$work/build
  umoci init --layout "$oci" >/dev/null
  umoci new --image "$oci:img" >/dev/null
  for i in 1 2 3 4; do
    mkdir -p "$work/l$i"
    head -c $((50 << 20)) /dev/urandom >"$work/l$i/blob$i"
    umoci insert --image "$oci:img" "$work/l$i/blob$i" "/data/blob$i" >/dev/null
    rm -rf "$work/l$i"
  done
  umoci config --image "$oci:img" --config.cmd /bin/true >/dev/null
  skopeo copy -q --dest-tls-verify=false "oci:$oci:img" "docker://$ref"
  rm -rf "$oci"
fi
size=$(skopeo inspect --tls-verify=false --raw "docker://$ref" | jq '[.layers[].size] | add')

# --- crate's configuration: a store of its own in the work dir --------------------------------
cat >"$work/config.toml" <<TOML
[runtime]
data_root = "$work/store"
root = "$work/state"
[images]
insecure_registries = ["$registry"]
parallel_downloads = 3
TOML

crate_cmd="$crate --config $work/config.toml pull -q $ref"
skopeo_cmd="skopeo copy -q --src-tls-verify=false docker://$ref oci:$work/oci:latest"
# Each side once by hand first: a failure here is a broken pull, not a slow one.
status=0
$crate_cmd >/dev/null || { echo "pull.sh: crate pull failed" >&2; status=1; }
[ "$status" -ne 0 ] || [ -f "$(find "$work/store/layers" -path '*/data/blob4' -print -quit)" ] \
  || { echo "pull.sh: crate pull left no unpacked /data/blob4" >&2; status=1; }
$skopeo_cmd || { echo "pull.sh: skopeo copy failed" >&2; status=1; }
[ "$status" -eq 0 ] || exit 1

json=${keep_json:-$work/pull.json}
hyperfine -N --runs "$runs" --warmup "$warmup" --export-json "$json" \
  --prepare "rm -rf $work/store $work/oci" \
  -n crate "$crate_cmd" -n skopeo "$skopeo_cmd"

jq -r --arg size "$size" '
  (.results | map({key: .command, value: .median}) | from_entries) as $m
  | "compressed layers: \(($size|tonumber) / 1048576 | floor) MiB",
    "median crate pull: \($m.crate * 1000 | floor) ms, skopeo copy: \($m.skopeo * 1000 | floor) ms",
    "crate/skopeo: \(($m.crate / $m.skopeo) * 100 | round / 100)x (crate also unpacks every layer; skopeo only stores blobs)"' "$json"
rm -rf "$work/store" "$work/oci"
