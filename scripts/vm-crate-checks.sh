#!/bin/bash
# vm-crate-checks.sh CRATE ROOTFS: bin/crate's resource limits end to end on a pure cgroup v2
# host. vm-cgroup-tests.sh runs it inside the QEMU guest, because this machine kind is hybrid;
# crate-app's CgroupsIT covers the v1 side on the host. One PASS/FAIL line per check; exits 1
# if any check fails.
set -uo pipefail
crate=$1 rootfs=$2
fail=0

check() { # name expected-output command...
  local name=$1 want=$2 out
  shift 2
  out=$("$@" 2>&1)
  if [ "$out" = "$want" ]; then
    echo "PASS crate: $name"
  else
    echo "FAIL crate: $name: got [$out], want [$want]"
    fail=1
  fi
}

status_of() { "$crate" state "$1" | sed -n 's/.*"status": "\([a-z]*\)".*/\1/p'; }

tiny_memory() { "$crate" run --memory 8m -r "$rootfs" true && echo ok; }

fork_loop() {
  local out
  out=$("$crate" run --pids-limit 4 -r "$rootfs" sh -c 'for i in 1 2 3 4 5 6; do sleep 3 & done; wait' 2>&1)
  case $out in *"can't fork"*) echo "forks refused" ;; *) echo "$out" ;; esac
}

lifecycle() {
  "$crate" run -d --name vm-e2e --memory 64m -r "$rootfs" sleep 300 >/dev/null || return 1
  "$crate" pause vm-e2e
  local paused running limit events
  paused=$(status_of vm-e2e)
  "$crate" resume vm-e2e
  running=$(status_of vm-e2e)
  "$crate" update --memory 32m vm-e2e
  limit=$(cat /sys/fs/cgroup/crate/vm-e2e/memory.max)
  events=$("$crate" events --stats vm-e2e | grep -c '"type":"stats"')
  "$crate" delete --force vm-e2e
  echo "$paused $running $limit $events"
}

leftovers() { if ls -d /sys/fs/cgroup/crate/*/ >/dev/null 2>&1; then echo left; else echo none; fi; }

check "run --memory 8m /bin/true (the JVM is not charged to the limit)" "ok" tiny_memory
check "the container sees its limits and is the root of its cgroup namespace" "$(printf '67108864\n5\n0::/')" \
  "$crate" run --memory 64m --pids-limit 5 -r "$rootfs" sh -c 'cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max /proc/self/cgroup'
check "a fork loop stops at pids.max" "forks refused" fork_loop
check "pause, resume, update, events --stats, delete" "paused running 33554432 1" lifecycle
check "delete leaves no container cgroup" "none" leftovers
exit $fail
