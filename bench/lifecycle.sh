#!/usr/bin/env bash
# bench/lifecycle.sh: crate vs runc vs crun, operation by operation, on the SAME busybox
# bundle (/bin/true): `run`, `create`, `start`, `state`, `delete`, each timed in ONE hyperfine
# run over the three runtimes; then the resident memory (VmRSS) of a created, not started
# container's process, and the on-disk sizes. Prints one table: medians, crate/runc, crate/crun.
#
# Usage: bench/lifecycle.sh [--runs N] [--warmup N] [--quick] [--json DIR]
#   --quick      3 runs, no warm-up, for CI; --json DIR keeps hyperfine's JSON export per operation.
#   CRATE_IMAGE=DIR in the environment times that jlink image instead of this tree's build.
# Needs root, the jlink image (`make`), hyperfine, jq, runc, crun and util-linux.
# Exit status: 0; 1 if a runtime failed an operation (the others are still measured);
# 2 for usage or setup errors. Timings never decide the exit status.
#
# What each row times (hyperfine --prepare brings the container to the state the operation
# needs, untimed): run = create, start, wait, delete of /bin/true; create = from nothing to
# created (the container's process waits for start); start = created to /bin/true executed;
# state = `state` of a created container; delete = `delete` of a stopped container.
# Two rows show the floors under those: version = `--version` (each runtime's cheapest command:
# for crate, its launcher, JVM and command line); jvm = crate's JVM alone, starting and exiting
# (the image's bin/java -version: the image's options, no crate code), which any crate command
# pays and which no change in crate's code can lower; runc and crun have no such row.
# RSS = VmRSS of the container's process while created: runc's and crun's `init`, crate's
# start gate (init's JVM where there is none), the median of three creates.
# Cgroups: none for any of the three, in a private mount namespace with every cgroup mount
# read-only (bench/lib.sh says why: safety on this hybrid-cgroup host).
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_options 10 1 3 0 2,12 "$@"
bench_setup
operations=(run create start state delete version jvm)

# $work/reset.sh TOOL absent|created|stopped: brings TOOL's container there (the --prepare step).
cat >"$work/reset.sh" <<EOF
#!/bin/bash
set -euo pipefail
case \$1 in
  crate) rt="$(runtime_cmd crate)" ;;
  runc) rt="$(runtime_cmd runc)" ;;
  crun) rt="$(runtime_cmd crun)" ;;
esac
id=crate-bench-lc-\$1
status() { \$rt state "\$id" 2>/dev/null | jq -r .status 2>/dev/null || echo absent; }
now=\$(status)
[ "\$now" = "\$2" ] && exit 0
[ "\$now" = absent ] || \$rt delete -f "\$id" >/dev/null
[ "\$2" = absent ] && exit 0
\$rt create --bundle "$bundle" "\$id" >/dev/null
[ "\$2" = created ] && exit 0
\$rt start "\$id"
for _ in \$(seq 1 500); do [ "\$(status)" = stopped ] && exit 0; sleep 0.01; done
echo "reset.sh: \$id did not stop" >&2; exit 1
EOF
chmod +x "$work/reset.sh"

# The timed command of TOOL for OPERATION, and the state its --prepare sets up first.
command_of() {
  local id=crate-bench-lc-$1
  case $2 in
    run) echo "$(runtime_cmd "$1") run --bundle $bundle $id" ;;
    create) echo "$(runtime_cmd "$1") create --bundle $bundle $id" ;;
    start) echo "$(runtime_cmd "$1") start $id" ;;
    state) echo "$(runtime_cmd "$1") state $id" ;;
    delete) echo "$(runtime_cmd "$1") delete $id" ;;
    version) echo "$(runtime_cmd "$1") --version" ;;
    jvm) [ "$1" != crate ] || echo "$image/bin/java -version" ;;
  esac
}
prepared_state() {
  case $1 in run | create) echo absent ;; start | state) echo created ;; delete) echo stopped ;; *) ;; esac
}

bench_versions
echo "bundle: $bundle (busybox, /bin/true, no cgroup; see bench/lib.sh)"
echo

# --- each runtime must go through the whole lifecycle once; a failing one is left out ------
status=0 ok=()
for tool in "${runtimes[@]}"; do
  # shellcheck disable=SC2046 # the command lines are split on purpose (no spaces in paths)
  if out=$(in_view bash -euo pipefail -c "$work/reset.sh $tool absent; $(command_of "$tool" run) >/dev/null
      $(command_of "$tool" create); $(command_of "$tool" state) >/dev/null; $(command_of "$tool" start)
      $work/reset.sh $tool stopped; $(command_of "$tool" delete)" 2>&1); then
    ok+=("$tool")
  else
    rc=$?
    echo "FAILED: $tool could not run, create, start or delete /bin/true's container (exit $rc); it is left out:"
    printf '%s\n' "$out" | sed 's/^/    /'
    status=1
  fi
done
[ ${#ok[@]} -gt 0 ] || { echo "lifecycle.sh: no runtime went through the lifecycle, nothing to time" >&2; exit 1; }

# --- one hyperfine run per operation, over the runtimes that work ----------------------------
for op in "${operations[@]}"; do
  echo "== $op"
  hf=(hyperfine -N --runs "$runs" --warmup "$warmup" --export-json "$work/$op.json")
  for tool in "${ok[@]}"; do
    [ -z "$(command_of "$tool" "$op")" ] || [ -z "$(prepared_state "$op")" ] ||
      hf+=(--prepare "$work/reset.sh $tool $(prepared_state "$op")")
  done
  for tool in "${ok[@]}"; do
    [ -z "$(command_of "$tool" "$op")" ] || hf+=(--command-name "$tool" "$(command_of "$tool" "$op")")
  done
  if ! in_view "${hf[@]}" >"$work/$op.out" 2>&1; then
    sed 's/^/    /' "$work/$op.out"
    echo "lifecycle.sh: hyperfine failed for $op (a runtime failed during the timed runs)" >&2
    exit 1
  fi
  grep -E '^(Benchmark|  Time)' "$work/$op.out" || true
done
[ -z "$keep_json" ] || { mkdir -p "$keep_json" && cp "$work"/*.json "$keep_json/"; }

# --- resident memory of a created container's process (KiB), the median of three -----------
rss_of() {
  local tool=$1 samples=() pid
  for _ in 1 2 3; do
    # crate's warnings about the bundle (ambient capabilities, no cgroups) are not news here
    in_view "$work/reset.sh" "$tool" created 2>"$work/rss.err" || { cat "$work/rss.err" >&2; return 1; }
    # shellcheck disable=SC2046
    pid=$($(runtime_cmd "$tool") state "crate-bench-lc-$tool" | jq -r .pid)
    samples+=("$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")")
    in_view "$work/reset.sh" "$tool" absent
  done
  printf '%s\n' "${samples[@]}" | sort -n | sed -n 2p
}
for tool in "${ok[@]}"; do echo "$tool $(rss_of "$tool")"; done >"$work/rss.txt"

# --- the table: medians (ms), RSS (MiB), crate's ratios -------------------------------------------
echo
echo "runs=$runs warmup=$warmup; ms (medians) and MiB; crate/runc and crate/crun are ratios of those"
{
  for op in "${operations[@]}"; do
    jq -r --arg op "$op" '[$op] + [.results[] | "\(.command)=\(.median * 1000)"] | @tsv' "$work/$op.json"
  done
  awk 'BEGIN { printf "rss" } { printf "\t%s=%s", $1, $2 / 1024 } END { print "" }' "$work/rss.txt"
} | awk -F'\t' '
  function cell(v) { return v == "" ? "n/a" : sprintf($1 == "rss" ? "%.2f" : "%.1f", v) }
  function ratio(x, base) { return x == "" || base == "" ? "n/a" : sprintf("%.2fx", x / base) }
  BEGIN { printf "%-8s %9s %9s %9s %11s %11s\n", "", "crate", "runc", "crun", "crate/runc", "crate/crun" }
  { delete v; for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "%-8s %9s %9s %9s %11s %11s\n", $1, cell(v["crate"]), cell(v["runc"]), cell(v["crun"]),
      ratio(v["crate"], v["runc"]), ratio(v["crate"], v["crun"]) }'
echo
bench_sizes
exit "$status"
