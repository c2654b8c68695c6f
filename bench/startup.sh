#!/usr/bin/env bash
# bench/startup.sh: start-up time of `crate run` vs `runc run` vs `crun run`, each running
# /bin/true in the SAME busybox bundle, timed in ONE hyperfine run. Prints a table (median,
# mean, ratio to runc and to crun), crate/runc and crate/crun, and the on-disk sizes.
#
# Usage: bench/startup.sh [--runs N] [--warmup N] [--quick] [--json FILE]
#   --quick      few runs, for CI; --json FILE keeps hyperfine's JSON export.
# Needs root, the jlink image (`make`), hyperfine, jq, runc, crun and util-linux.
# Exit status: 0; 1 if a runtime failed to run /bin/true (the others are still measured);
# 2 for usage or setup errors. Timings never decide the exit status.
#
# Cgroups: none for any of the three, in a private mount namespace with every cgroup mount
# read-only (bench/lib.sh says why: safety on this hybrid-cgroup host).
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_options 30 3 5 1 2,10 "$@"
bench_setup

# The command line of each runtime (fixed ids: each run ends before the next starts).
command_of() { echo "$(runtime_cmd "$1") run --bundle $bundle crate-bench-$1"; }

bench_versions
echo "bundle: $bundle (busybox, /bin/true, no cgroup; see bench/lib.sh)"
echo

# --- each runtime must run /bin/true once; a failing one is reported and left out ------------
status=0 ok=()
for tool in "${runtimes[@]}"; do
  # shellcheck disable=SC2046 # the command line is split on purpose (no spaces in paths)
  if out=$(in_view $(command_of "$tool") 2>&1); then
    ok+=("$tool")
  else
    rc=$?
    echo "FAILED: $tool could not run /bin/true (exit $rc); it is left out of the benchmark:"
    printf '%s\n' "$out" | sed 's/^/    /'
    status=1
  fi
done
[ ${#ok[@]} -gt 0 ] || { echo "startup.sh: no runtime ran /bin/true, nothing to time" >&2; exit 1; }

# --- one hyperfine run over the runtimes that work --------------------------------------------
json=$work/startup.json
hf=(hyperfine -N --runs "$runs" --warmup "$warmup" --export-json "$json")
for tool in "${ok[@]}"; do hf+=(--command-name "$tool" "$(command_of "$tool")"); done
if ! in_view "${hf[@]}"; then
  echo "startup.sh: hyperfine failed (a runtime failed during the timed runs, see above)" >&2
  exit 1
fi
[ -z "$keep_json" ] || cp "$json" "$keep_json"

# --- table: ratios of medians -------------------------------------------------------------------
echo
echo "runs=$runs warmup=$warmup (ms; ratio = this tool's median / runc's or crun's median)"
jq -r '(.results | map({(.command): .median}) | add) as $m
       | .results[] | [.command, .median, .mean, .stddev, ($m.runc // ""), ($m.crun // "")] | @tsv' "$json" |
  awk -F'\t' '
    function ratio(x, base) { return base == "" ? "n/a" : sprintf("%.2f", x / base) }
    BEGIN { printf "%-6s %10s %10s %9s %9s %9s\n", "tool", "median", "mean", "stddev", "/runc", "/crun" }
    { printf "%-6s %10.1f %10.1f %9.1f %9s %9s\n", $1, $2 * 1000, $3 * 1000, $4 * 1000, ratio($2, $5), ratio($2, $6) }'
echo
jq -r '(.results | map({(.command): .median}) | add) as $m
       | if $m.crate == null then "crate was not measured"
         else ["runc", "crun"][] as $o
              | "crate/\($o) = " + (if $m[$o] == null then "n/a" else "\($m.crate / $m[$o] * 100 | round / 100)x" end)
         end' "$json"

echo
bench_sizes
exit "$status"
