#!/usr/bin/env bash
# Runs the Rust and front-end tests at the instants where deadlines are hard, under Debian's
# faketime (the machine's clock and zone are faked for every process below it):
#
#   tests/dates.sh            every date below
#   tests/dates.sh year-end   some of them, by name
#
# Build first (make test-dates does): the test binaries are built once at the real time, then
# only run at each faked one. Doctests are left out: rustdoc hangs under libfaketime, and the
# crates have none. About four minutes a date on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# name | zone | local time at which the tests run | why it is hard
dates=(
  "year-end|Asia/Shanghai|2026-12-31 23:50:00|the last minutes of a year: case numbers, year figures, a 15-day clock into next year"
  "spring-makeup|Asia/Shanghai|2026-02-14 10:00:00|a 调休 Saturday (a working day) before the Spring Festival"
  "national-day-eve|Asia/Shanghai|2026-09-30 18:00:00|the eve of the National Day holiday week"
  "no-holiday-data|Asia/Shanghai|2027-03-01 09:00:00|a year without holiday data: deadlines are estimated"
  "utc-day-boundary|UTC|2026-06-30 16:30:00|07-01 00:30 in Shanghai while the machine's day is still 06-30"
)

command -v faketime >/dev/null || { echo "test-dates: faketime is missing (Debian: apt-get install faketime)" >&2; exit 1; }

# The front end reads the machine's clock only through the desk clock (lib/clock.ts), dates and
# date pickers; the rest of its tests cannot see the date, and the whole suite takes minutes a
# date. So each date runs the test files that touch time, themselves or through the file they
# test (found afresh each run, so a new such file is never left out).
ui_timed=()
while IFS= read -r test; do
  subject="${test/.test./.}"
  if grep -qE "lib/clock|useNow|lib/format|DatePicker|dayjs|new Date|Date\.now|toISOString" "$root/ui/$test" "$root/ui/$subject" 2>/dev/null; then
    ui_timed+=("$test")
  fi
done < <(cd "$root/ui" && find src -name '*.test.ts' -o -name '*.test.tsx' | sort)
((${#ui_timed[@]})) || { echo "test-dates: found no front-end test that touches time" >&2; exit 2; }

want=("$@")
failed=()
ran=0
for entry in "${dates[@]}"; do
  IFS='|' read -r name zone at why <<<"$entry"
  if ((${#want[@]})) && [[ ! " ${want[*]} " == *" $name "* ]]; then continue; fi
  ran=$((ran + 1))
  echo "== test-dates: $name — $at ($zone): $why"
  # The clock runs on from the faked instant; the monotonic clock stays real, so timeouts and
  # thread waits behave.
  run() { TZ="$zone" FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "$at" "$@"; }
  ok=1
  (cd "$root" && run date '+   the tests see %F %T %Z') || ok=0
  (cd "$root" && run cargo test --workspace --features custom-protocol --tests -q) || ok=0
  # Isolated, as at the real date: with one module graph per worker (--no-isolate) the state one
  # file leaves (the router's leave guard, the location) decided another file's verdict.
  (cd "$root/ui" && run npx vitest run --silent=true "${ui_timed[@]}") || ok=0
  ((ok)) || failed+=("$name")
done

((ran)) || { echo "test-dates: no date named ${want[*]}" >&2; exit 2; }
if ((${#failed[@]})); then
  echo "test-dates: failed on ${failed[*]}" >&2
  exit 1
fi
echo "test-dates: the Rust and front-end tests pass on all $ran dates"
