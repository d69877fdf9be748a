#!/usr/bin/env bash
# Runs every test. The tests need the real PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379): they are
# started when they are down, and the run stops with a clear message when they cannot be.
set -euo pipefail
cd "$(dirname "$0")/.."

wait_for() { # name, check command
  for _ in $(seq 1 30); do
    if eval "$2" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "test: $1 is not reachable and could not be started" >&2
  exit 1
}

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "test: starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
fi
wait_for "PostgreSQL on 127.0.0.1:5432" "pg_isready -q -h 127.0.0.1 -p 5432"

if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  echo "test: starting Redis" >&2
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi
wait_for "Redis on 127.0.0.1:6379" "redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG"

# The widget's browser tests (packages/hub/test/widget-browser.test.ts) drive Debian's chromium through
# playwright-core, which downloads no browser of its own: install it when missing (CI and fresh machines run as root).
if ! command -v chromium >/dev/null; then
  echo "test: installing chromium for the widget's browser tests" >&2
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

# The CLI tests run the compiled `kataven` executable; the hub serves the built widget (/widget/v1.js).
npm run build --silent

cd packages/hub
# Node 20's runner takes files, not globs: the shell expands them. Files run in parallel processes.
node --import tsx --test --test-reporter=spec test/*.test.ts "$@"

# T5: the same auth suites again with every test hub calling a standalone auth-service over gRPC.
echo "test: the auth suites again, auth-service over gRPC" >&2
KATAVEN_TEST_AUTH_MODE=grpc node --import tsx --test --test-reporter=spec \
  test/auth.security.test.ts test/oidc.test.ts test/api-keys.test.ts test/http-errors.test.ts "$@"
