#!/usr/bin/env bash
# Runs the end-to-end tests against the built app in a real window:
# a fresh temp folder, Xvfb when there is no display, tauri-driver on port 4444, then
# `node --test` on tests/e2e/*.test.mjs. Screenshots and app logs are left in tests/e2e/artifacts/.
#
#   tests/e2e/run.sh                    all spec files
#   tests/e2e/run.sh smoke.test.mjs     some of them
#
# Needs: the app built with `--features custom-protocol,test-clock` (make build-e2e), tauri-driver,
# WebKitWebDriver (Debian: webkit2gtk-driver), Xvfb, and `npm ci` done in tests/e2e.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

app="${COMPLAINTDESK_APP:-$root/target/debug/complaintdesk-test-clock}"
driver="${TAURI_DRIVER:-$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")}"
native_driver="${WEBKIT_WEBDRIVER:-$(command -v WebKitWebDriver || echo /usr/bin/WebKitWebDriver)}"
port="${E2E_DRIVER_PORT:-4444}"
native_port="${E2E_NATIVE_PORT:-4445}"
# A second driver, for the tests that work two windows at once (two laptops on one store).
port2=$((port + 2))
native_port2=$((native_port + 2))
startup_timeout_s=30

fail() { echo "e2e: $*" >&2; exit 1; }

[[ "$(uname -s)" == Linux ]] || fail "the WebDriver tests run on Linux only (tauri-driver has no macOS driver)"
[[ -x "$app" ]] || fail "no app binary at $app: run 'make build-e2e' first"
[[ -x "$driver" ]] || fail "tauri-driver not found: cargo install tauri-driver --version ^2 --locked"
[[ -x "$native_driver" ]] || fail "WebKitWebDriver not found: apt-get install webkit2gtk-driver"
[[ -d "$here/node_modules/webdriverio" ]] || fail "run 'npm ci' in tests/e2e first (make deps does)"

# Is something listening on 127.0.0.1:$1?
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Polls `$2...` every 0.1 s until it succeeds or $1 seconds pass.
wait_for() {
  local timeout_s="$1"; shift
  local deadline=$((SECONDS + timeout_s))
  until "$@"; do
    (( SECONDS < deadline )) || return 1
    sleep 0.1
  done
}

for p in "$port" "$native_port" "$port2" "$native_port2"; do
  ! listening "$p" || fail "port $p is already in use (another e2e run or WebDriver?); set E2E_DRIVER_PORT / E2E_NATIVE_PORT"
done

artifacts="$here/artifacts"
rm -rf "$artifacts"
mkdir -p "$artifacts"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/complaintdesk-e2e.XXXXXX")"
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  # WebKit's helper processes may still be writing their caches for a moment after the app quits.
  for _ in {1..50}; do
    rm -rf "$tmp" 2>/dev/null && break
    sleep 0.1
  done
  [[ ! -e "$tmp" ]] || echo "e2e: could not remove $tmp" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Nothing the app or WebKit writes may land in the real home folders; each test then gets its
# own folders inside $tmp (lib/app.mjs).
export XDG_DATA_HOME="$tmp/xdg/data" XDG_CONFIG_HOME="$tmp/xdg/config" XDG_CACHE_HOME="$tmp/xdg/cache"
export COMPLAINTDESK_DATA_DIR="$tmp/data"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$COMPLAINTDESK_DATA_DIR"
export E2E_TMP="$tmp/tests" E2E_ARTIFACTS="$artifacts" E2E_DRIVER_PORT="$port" E2E_SECOND_DRIVER_PORT="$port2" COMPLAINTDESK_APP="$app"
export COMPLAINTDESK_LOG="${COMPLAINTDESK_LOG:-debug}"
# Keep GTK from looking for a session bus and accessibility bus that Xvfb does not have.
export NO_AT_BRIDGE=1

if [[ -z "${DISPLAY:-}" ]]; then
  # -displayfd makes Xvfb pick a free display and write its number once it accepts clients.
  Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp 3>"$tmp/display" >"$artifacts/xvfb.log" 2>&1 &
  pids+=($!)
  wait_for "$startup_timeout_s" test -s "$tmp/display" || fail "Xvfb did not start (see $artifacts/xvfb.log)"
  export DISPLAY=":$(head -n1 "$tmp/display")"
fi
echo "e2e: DISPLAY=$DISPLAY, app $app"

"$driver" --port "$port" --native-port "$native_port" --native-driver "$native_driver" \
  >"$artifacts/tauri-driver.log" 2>&1 &
driver_pid=$!
pids+=("$driver_pid")
"$driver" --port "$port2" --native-port "$native_port2" --native-driver "$native_driver" \
  >"$artifacts/tauri-driver-2.log" 2>&1 &
pids+=($!)
# tauri-driver listens at once; WebKitWebDriver, which it starts, a moment later.
for p in "$port" "$native_port" "$port2" "$native_port2"; do
  wait_for "$startup_timeout_s" listening "$p" || fail "tauri-driver did not listen on port $p (see $artifacts/tauri-driver*.log)"
done

cd "$here"
if (($#)); then specs=("$@"); else specs=(*.test.mjs); fi
echo "e2e: screenshots and app logs go to ${artifacts#"$root"/}/"
# One window at a time: the tests share one tauri-driver and one screen.
node --test --test-concurrency=1 --test-reporter=spec "${specs[@]}"
