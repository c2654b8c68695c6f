# bench/lib.sh: what startup.sh and lifecycle.sh share. Sourced, not run.
#
# Provides: die, bench_options (the options both scripts take), bench_checks (root, tools, the image, the busybox rootfs),
# bench_setup (the checks, $work, the bundle in $bundle, the traps), bench_bundle DIR
# (a busybox bundle running /bin/true without cgroups), in_view CMD... (runs CMD in the
# private mount namespace described below), runtime_cmd TOOL (the runtime's command line
# with its state root and cgroup settings; the operation and its arguments follow), and
# bench_cleanup (deletes what is left and removes $work; set as the EXIT trap).
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
#     so any cgroup mkdir fails with EROFS; in_view checks this before running anything;
#   - runc gets --rootless true, which for root only means "ignore cgroup permission errors
#     (EPERM/EROFS/EACCES) when linux.cgroupsPath is empty": it runs the container without one;
#   - crate and crun get --cgroup-manager=disabled; crun 1.8 also refuses a hybrid host whose cgroup2
#     (/sys/fs/cgroup/unified) has any controller (here: hugetlb), even with cgroups disabled,
#     so /sys/fs/cgroup/unified is unmounted in that namespace and crun sees a v1-only host.
# The bundle has no /sys/fs/cgroup mount (no container gets a cgroup of its own to show).
# So the benches measure WITHOUT cgroup setup, for all three. Afterwards bench_cleanup checks
# that no *crate-bench* cgroup exists and that no runtime lists a container.

die() { echo "$(basename "$0"): $*" >&2; exit 2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# CRATE_IMAGE=DIR times another jlink image (say, a build of an earlier commit) on this tree's bench.
image=${CRATE_IMAGE:-$repo/crate-app/target/crate}
crate=$image/bin/crate
rootfs=$repo/target/fixtures/rootfs
runtimes=(crate runc crun)

# Parses --runs N, --warmup N, --quick, --json PATH and -h into runs, warmup and keep_json.
# Usage: bench_options RUNS WARMUP QUICK_RUNS QUICK_WARMUP HELP_LINES "$@" (the defaults, the
# --quick ones, and the range of this script's header lines that --help prints).
bench_options() {
  runs=$1 warmup=$2 keep_json=
  local quick_runs=$3 quick_warmup=$4 help=$5
  shift 5
  while [ $# -gt 0 ]; do
    case $1 in
      --runs) runs=${2:?--runs N}; shift 2 ;;
      --warmup) warmup=${2:?--warmup N}; shift 2 ;;
      --quick) runs=$quick_runs warmup=$quick_warmup; shift ;;
      --json) keep_json=${2:?--json PATH}; shift 2 ;;
      -h|--help) sed -n "${help}p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
      *) echo "$(basename "$0"): unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
  done
}

# Checks (no installing here): root, the tools, the image; builds the busybox rootfs (idempotent).
bench_checks() {
  [ "$(id -u)" -eq 0 ] || die "needs root (the runtimes create namespaces)"
  local missing= tool
  for tool in hyperfine jq runc crun unshare findmnt mountpoint mount umount "$@"; do
    command -v "$tool" >/dev/null || missing="$missing $tool"
  done
  [ -z "$missing" ] || die "missing:$missing (Debian: apt-get install -y hyperfine jq runc crun util-linux)"
  [ -x "$crate" ] || die "no crate image at $image: run 'make' first"
  "$repo/scripts/busybox-rootfs.sh" "$rootfs"   # explains itself if busybox-static is missing
  case "$repo" in *[[:space:]]*) die "the repository path must not contain spaces (hyperfine -N splits commands)" ;; esac
}

# The checks, then $work (a temporary directory, removed by bench_cleanup, the EXIT trap) and
# the busybox bundle in $bundle: what both scripts do first.
bench_setup() {
  bench_checks
  work=$(mktemp -d /tmp/crate-bench.XXXXXX)
  bundle=$work/bundle
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  bench_bundle "$bundle"
}

# A bundle in DIR: the busybox rootfs, runc spec's config with terminal false, /bin/true, no cgroup.
bench_bundle() {
  local bundle=$1
  mkdir -p "$bundle"
  cp -a "$rootfs" "$bundle/rootfs"
  runc spec --bundle "$bundle"
  jq '.process.terminal = false | .process.args = ["/bin/true"] | del(.linux.cgroupsPath)
      | .mounts |= map(select(.destination != "/sys/fs/cgroup"))' \
    "$bundle/config.json" >"$bundle/config.json.new"
  mv "$bundle/config.json.new" "$bundle/config.json"
}

# The command line of runtime TOOL, state under $work/TOOL; the operation follows.
runtime_cmd() {
  case $1 in
    crate) echo "$crate --root $work/crate --cgroup-manager=disabled" ;;
    runc) echo "runc --root $work/runc --rootless true" ;;
    crun) echo "crun --root $work/crun --cgroup-manager=disabled" ;;
  esac
}

# Runs "$@" in the private view described at the top; refuses if a cgroup mount stays writable.
in_view() {
  unshare --mount --propagation private -- bash -euo pipefail -c '
    if mountpoint -q /sys/fs/cgroup/unified; then umount -n /sys/fs/cgroup/unified; fi
    for m in $(findmnt -rn -t cgroup,cgroup2 -o TARGET); do mount -n -o remount,bind,ro "$m"; done
    for m in $(findmnt -rn -t cgroup,cgroup2 -o TARGET); do
      [ ! -w "$m" ] || { echo "bench: $m is still writable, refusing to run" >&2; exit 2; }
    done
    exec "$@"' in_view "$@"
}

# Deletes every container left in $work (each runtime ends its own processes), checks that
# none is listed and no *crate-bench* cgroup exists, and removes $work. The EXIT trap.
bench_cleanup() {
  local rc=$? tool ids id left=
  for tool in "${runtimes[@]}"; do
    # shellcheck disable=SC2046 # the command line is split on purpose (no spaces in paths)
    ids=$($(runtime_cmd "$tool") list -q 2>/dev/null || true)
    for id in $ids; do
      # shellcheck disable=SC2046
      in_view $(runtime_cmd "$tool") delete -f "$id" >/dev/null 2>&1 || true
    done
    # shellcheck disable=SC2046
    left="$left$($(runtime_cmd "$tool") list -q 2>/dev/null || true)"
  done
  if [ -n "$left" ]; then
    echo "$(basename "$0"): containers left under $work; not removing it" >&2
    exit 1
  fi
  rm -rf "$work"
  left=$(find /sys/fs/cgroup -name '*crate-bench*' 2>/dev/null || true)
  if [ -n "$left" ]; then
    echo "$(basename "$0"): cgroups left behind (remove them with rmdir):" >&2
    printf '%s\n' "$left" >&2
    rc=1
  fi
  exit "$rc"
}

# The versions of the three runtimes, one line each.
bench_versions() {
  echo "crate: $image"
  echo "runc:  $(runc --version | head -1)"
  echo "crun:  $(crun --version | head -1)"
}

# The on-disk sizes: crate's whole jlink image (JVM and AOT caches included) vs the binaries.
bench_sizes() {
  echo "size: crate image $(du -sh "$image" | cut -f1) (jlink image with the JDK modules and AOT caches, $image)"
  echo "size: runc $(du -sh "$(command -v runc)" | cut -f1) ($(command -v runc), binary only)"
  echo "size: crun $(du -sh "$(command -v crun)" | cut -f1) ($(command -v crun), binary only)"
}
