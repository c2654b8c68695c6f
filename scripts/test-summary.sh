#!/bin/bash
# test-summary.sh: one closing line over every Surefire and Failsafe report of the reactor:
# "tests: N passed, M failed, K skipped". Exits 1 when any test failed or errored, or when no
# test ran at all (a green run that tested nothing is not green).
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
reports=(*/target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml)
total=0 failed=0 skipped=0
for report in "${reports[@]}"; do
  head=$(grep -m1 -o '<testsuite [^>]*>' "$report")
  attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$head"; }
  total=$((total + $(attr tests)))
  failed=$((failed + $(attr failures) + $(attr errors)))
  skipped=$((skipped + $(attr skipped)))
done
passed=$((total - failed - skipped))
# On a line of its own: Maven may leave a colour reset without a newline before it.
printf '\ntests: %s passed, %s failed, %s skipped\n' "$passed" "$failed" "$skipped"
[ "$failed" -eq 0 ] && [ "$total" -gt 0 ]
