#!/bin/bash
# smoke.sh: runs ../shared/harness's podman and containerd drivers against the image's
# bin/crate. Fails if a check fails that .ci/known-smoke-failures does not list, or if a
# driver reports a leak; says which listed checks pass now. Needs root and the packages the
# harness README names (podman containerd docker-registry skopeo umoci busybox-static
# golang-go jq).
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
harness=${HARNESS:-$repo/../shared/harness}
crate=$repo/crate-app/target/crate/bin/crate
known=$repo/.ci/known-smoke-failures
[ -x "$crate" ] || { echo "smoke: no image at $crate (make)" >&2; exit 2; }
[ -d "$harness" ] || { echo "smoke: no harness at $harness" >&2; exit 2; }

status=0
for driver in podman containerd; do
  log=$(mktemp)
  timeout 1200 "$harness/$driver-smoke.sh" "$crate" >"$log" 2>&1
  grep -E '^(PASS|FAIL) |leak check|-smoke:' "$log"
  while read -r result check _; do
    listed=$(awk -v d="$driver" -v c="$check" '$1 == d && $2 == c' "$known")
    if [ "$result" = FAIL ] && [ -z "$listed" ]; then
      echo "smoke: $driver $check FAILED and is not a known gap: a regression"; status=1
    elif [ "$result" = PASS ] && [ -n "$listed" ]; then
      echo "smoke: $driver $check passes now: remove it from .ci/known-smoke-failures"
    fi
  done < <(grep -E '^(PASS|FAIL) ' "$log")
  if ! grep -q 'leak check: clean' "$log"; then
    echo "smoke: $driver left something behind (or did not finish):"; tail -20 "$log"; status=1
  fi
  grep -qE "^$driver-smoke: [0-9]+ passed" "$log" || { echo "smoke: $driver did not finish"; tail -20 "$log"; status=1; }
  rm -f "$log"
done
[ -x "$harness/registry-down.sh" ] && "$harness/registry-down.sh" >/dev/null 2>&1
exit $status
