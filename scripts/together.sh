#!/usr/bin/env bash
# Runs each argument as a command at the same time, then prints their outputs one after another
# (in the order given) and fails if any failed. For test suites that mostly wait — on the
# simulator's faults, on a browser engine — so that two cores serve several at once.
set -uo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pids=()
for i in $(seq 1 $#); do
  bash -c "${!i}" >"$dir/$i.out" 2>&1 &
  pids+=($!)
done
failed=0
for i in $(seq 1 $#); do
  wait "${pids[$((i - 1))]}"
  status=$?
  echo "=== ${!i} (exit $status)"
  cat "$dir/$i.out"
  [ "$status" -eq 0 ] || failed=1
done
exit "$failed"
