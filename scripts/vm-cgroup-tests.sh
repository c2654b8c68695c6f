#!/bin/bash
# vm-cgroup-tests.sh: crate-cgroups' cgroup v2 integration tests (V2CgroupIT) against a real
# kernel with a pure cgroup v2 hierarchy, which this machine kind (hybrid) does not have:
# inside the QEMU guest of ../shared/vm/vm-run.sh, in ONE guest boot.
#
# Builds on the host (Maven), then runs the tests in the guest with plain java and
# GuestTestRunner (a Maven start under TCG costs more than the tests). Prints one line per
# test and "tests: N passed, M failed, K skipped"; exits non-zero when a test failed, none
# passed, or the guest timed out (VM_TIMEOUT, default 480 s).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VM_RUN=${VM_RUN:-$ROOT/../shared/vm/vm-run.sh}
[ -x "$VM_RUN" ] || { echo "vm-cgroup-tests: $VM_RUN not found (the shared/ folder beside the repository)" >&2; exit 2; }
JDK=${CRATE_JDK:-$(ls -d /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/*-25-* 2>/dev/null | head -1)}
[ -x "$JDK/bin/java" ] || { echo "vm-cgroup-tests: no JDK 25 under /usr/lib/jvm" >&2; exit 2; }
command -v busybox >/dev/null || [ -x /bin/busybox ] || { echo "vm-cgroup-tests: needs busybox-static" >&2; exit 2; }

WORK=$ROOT/target/vm-cgroup-tests
rm -rf "$WORK" && mkdir -p "$WORK"
start=$(date +%s)

# The test classes and their class path; reactor siblings resolve to their target/classes.
JAVA_HOME=$JDK mvn -B -q -ntp -Dstyle.color=never -pl crate-cgroups -am test-compile \
  dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test
# The guest sees the host's / read-only but gets fresh tmpfs on /tmp, /var/tmp and /run:
# a checkout there (CI clones into /tmp) would be invisible. Only WORK is shared, so the
# class path is copied into it.
CP=
i=0
for entry in "$ROOT/crate-cgroups/target/test-classes" "$ROOT/crate-cgroups/target/classes" $(tr ':' ' ' <"$WORK/classpath.txt"); do
  i=$((i + 1))
  copy=$WORK/cp/$i-$(basename "$entry")
  mkdir -p "$WORK/cp"
  cp -r "$entry" "$copy"
  CP=${CP:+$CP:}$copy
done
built=$(date +%s)
echo "vm-cgroup-tests: built in $((built - start)) s; booting the cgroup v2 guest"

# End to end too: bin/crate with limits on a pure v2 host (the image and the busybox rootfs
# copied into WORK, for the same reason as the class path).
make -s -C "$ROOT" fixtures >/dev/null
[ -x "$ROOT/crate-app/target/crate/bin/crate" ] || { echo "vm-cgroup-tests: no image: run make first" >&2; exit 2; }
cp -r "$ROOT/crate-app/target/crate" "$WORK/image"
cp -a "$ROOT/target/fixtures/rootfs" "$WORK/rootfs"
cp "$ROOT/scripts/vm-crate-checks.sh" "$WORK/"
# C1 only, SerialGC, no perf data: the JVM is the slow part under TCG.
printf '%s\n' \
  "\"$JDK/bin/java\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData --enable-native-access=ALL-UNNAMED -Djna.tmpdir=/tmp -cp \"$CP\" crate.cgroups.v2.GuestTestRunner crate.cgroups.v2.V2CgroupIT" \
  'status=$?' \
  "bash \"$WORK/vm-crate-checks.sh\" \"$WORK/image/bin/crate\" \"$WORK/rootfs\" || status=1" \
  'exit $status' >"$WORK/guest.sh"
set +e
VM_TIMEOUT=${VM_TIMEOUT:-480} VM_ENV=clean "$VM_RUN" -w "$WORK" -- bash "$WORK/guest.sh"
status=$?
set -e
echo "vm-cgroup-tests: guest run took $(( $(date +%s) - built )) s (status $status)"
case $status in
  124) echo "vm-cgroup-tests: the guest hit VM_TIMEOUT" >&2 ;;
  125) echo "vm-cgroup-tests: vm-run.sh itself failed" >&2 ;;
esac
exit $status
