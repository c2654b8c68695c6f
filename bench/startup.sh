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
# Cgroups (safety). This host's own management lives in the v1 memory cgroup, and no cgroup
# may be created at the root of a v1 hierarchy. runc 1.1 (cgroupfs
# driver) puts a container's cgroup at <controller mount>/<runc's own cgroup for that
# controller>/<linux.cgroupsPath or the id> (absolute paths go under each hierarchy's root).
# Only the memory controller has a nested own cgroup here (/proc/self/cgroup); all the others,
# devices included (which runc will not do without), are at "/", so every cgroupsPath, the
# default included, creates /sys/fs/cgroup/<controller>/<name>: no safe cgroupsPath exists,
# and runc 1.1 has no switch to turn cgroups off. So all three runtimes run in a private
# mount namespace (unshare -m, propagation private: the host's mounts are not touched) where
#   - every cgroup mount is bind-remounted read-only (a per-mount flag, not the superblock's),
#     so any cgroup mkdir fails with EROFS; the script checks this before running anything;
#   - runc gets --rootless true, which for root only means "ignore cgroup permission errors
#     (EPERM/EROFS/EACCES) when linux.cgroupsPath is empty": it runs the container without one;
#   - crate and crun get --cgroup-manager=disabled; crun 1.8 also refuses a hybrid host whose cgroup2
#     (/sys/fs/cgroup/unified) has any controller (here: hugetlb), even with cgroups disabled,
#     so /sys/fs/cgroup/unified is unmounted in that namespace and crun sees a v1-only host.
# The bundle has no /sys/fs/cgroup mount (no container gets a cgroup of its own to show).
# So this measures start-up WITHOUT cgroup setup, for all three. Afterwards the script checks
# that no *crate-bench* cgroup exists and that runc/crun list no container.
set -euo pipefail

runs=30 warmup=3 keep_json=
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?--runs N}; shift 2 ;;
    --warmup) warmup=${2:?--warmup N}; shift 2 ;;
    --quick) runs=5 warmup=1; shift ;;
    --json) keep_json=${2:?--json FILE}; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "startup.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
die() { echo "startup.sh: $*" >&2; exit 2; }

repo=$(cd "$(dirname "$0")/.." && pwd)
image=$repo/crate-app/target/crate
crate=$image/bin/crate
rootfs=$repo/target/fixtures/rootfs

# --- checks (no installing here) -------------------------------------------------------------
[ "$(id -u)" -eq 0 ] || die "needs root (the runtimes create namespaces)"
missing=
for tool in hyperfine jq runc crun unshare findmnt mountpoint mount umount; do
  command -v "$tool" >/dev/null || missing="$missing $tool"
done
[ -z "$missing" ] || die "missing:$missing (Debian: apt-get install -y hyperfine jq runc crun util-linux)"
[ -x "$crate" ] || die "no crate image at $image: run 'make' first"
"$repo/scripts/busybox-rootfs.sh" "$rootfs"   # idempotent; explains itself if busybox-static is missing
case "$repo" in *[[:space:]]*) die "the repository path must not contain spaces (hyperfine -N splits commands)" ;; esac

# --- bundle and private state dirs (removed by the trap) -------------------------------------
work=$(mktemp -d /tmp/crate-bench.XXXXXX)
bundle=$work/bundle
mkdir -p "$bundle" "$work/runc" "$work/crun"
cp -a "$rootfs" "$bundle/rootfs"
runc spec --bundle "$bundle"
jq '.process.terminal = false | .process.args = ["/bin/true"] | del(.linux.cgroupsPath)
    | .mounts |= map(select(.destination != "/sys/fs/cgroup"))' \
  "$bundle/config.json" >"$work/config.json"
mv "$work/config.json" "$bundle/config.json"

# The command line of each runtime (fixed ids: each run ends before the next starts).
command_of() {
  case $1 in
    crate) echo "$crate --cgroup-manager=disabled run --bundle $bundle crate-bench-crate" ;;
    runc) echo "runc --root $work/runc --rootless true run --bundle $bundle crate-bench-runc" ;;
    crun) echo "crun --root $work/crun --cgroup-manager=disabled run --bundle $bundle crate-bench-crun" ;;
  esac
}

# Runs "$@" in the private view described at the top; refuses if a cgroup mount stays writable.
in_view() {
  unshare --mount --propagation private -- bash -euo pipefail -c '
    if mountpoint -q /sys/fs/cgroup/unified; then umount -n /sys/fs/cgroup/unified; fi
    for m in $(findmnt -rn -t cgroup,cgroup2 -o TARGET); do mount -n -o remount,bind,ro "$m"; done
    for m in $(findmnt -rn -t cgroup,cgroup2 -o TARGET); do
      [ ! -w "$m" ] || { echo "startup.sh: $m is still writable, refusing to run" >&2; exit 2; }
    done
    exec "$@"' in_view "$@"
}

# Removes leftover containers (runc/crun delete -f: they end their own processes) and the temp dir.
cleanup() {
  local rc=$? ids
  ids=$(runc --root "$work/runc" list -q 2>/dev/null || true)
  for id in $ids; do in_view runc --root "$work/runc" delete -f "$id" || true; done
  ids=$(crun --root "$work/crun" list -q 2>/dev/null || true)
  for id in $ids; do in_view crun --root "$work/crun" --cgroup-manager=disabled delete -f "$id" || true; done
  if [ -n "$(runc --root "$work/runc" list -q 2>/dev/null)$(crun --root "$work/crun" list -q 2>/dev/null)" ]; then
    echo "startup.sh: containers left in $work/runc or $work/crun; not removing $work" >&2
    exit 1
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "crate: $image"
echo "runc:  $(runc --root "$work/runc" --version | head -1)"
echo "crun:  $(crun --root "$work/crun" --version | head -1)"
echo "bundle: $bundle (busybox, /bin/true, no cgroup; see the comment at the top of $0)"
echo

# --- each runtime must run /bin/true once; a failing one is reported and left out ------------
status=0 ok=()
for tool in crate runc crun; do
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
echo "size: crate image $(du -sh "$image" | cut -f1) (jlink image, $image)"
echo "size: runc $(du -sh "$(command -v runc)" | cut -f1) ($(command -v runc), binary only)"
echo "size: crun $(du -sh "$(command -v crun)" | cut -f1) ($(command -v crun), binary only)"

# --- no cgroup may be left behind (none can be created in the view; checked anyway) ------------
left=$(find /sys/fs/cgroup -name '*crate-bench*' 2>/dev/null || true)
if [ -n "$left" ]; then
  echo "startup.sh: cgroups left behind (remove them with rmdir):" >&2
  printf '%s\n' "$left" >&2
  status=1
fi
exit "$status"
