#!/usr/bin/env bash
# Runs the commands docs/rotation.md shows, on the sample fleet of examples/make-rotation-fleet.py,
# and prints each command with its output and exit code. Run from the repository root.
set -uo pipefail
DIR=${1:-/tmp/loopreg-rotation}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
python3 "$ROOT/examples/make-rotation-fleet.py" "$DIR" >/dev/null || exit 1
cd "$DIR" || exit 1
NOW=2026-07-02T06:10:00Z
run() {
  echo "\$ loopreg $*"
  "$ROOT/loopreg" -w ws --now "$NOW" "$@" 2>&1
  echo "(exit $?)"
  echo
}
run rotation
run rotation signals repo-a
run rotate repo-b
run rotate repo-a --by bernd
echo "\$ cat fleet/repo-a/.kaizen/schedule.yml"; cat fleet/repo-a/.kaizen/schedule.yml; echo
echo "\$ cat ws/loops/kaizen-stack/roster.yaml"; cat ws/loops/kaizen-stack/roster.yaml; echo
run roster
run roster --status active
run rotation
run revisit repo-old --reason "CI regression on main after the jackson upgrade"
run roster --status expansion_queue
