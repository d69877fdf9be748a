#!/usr/bin/env bash
# Runs the benchmarks (P1–P3, P5's limiter, issue 7's silent cut, P6's real read on one instance and on two, P4's
# many accounts under one connection budget, and P4's account creation and migration at scale) one after the other
# and prints each one's JSON. Needs the local PostgreSQL and
# Redis (as the tests do) and wrk, which it installs from Debian's packages when missing. Let the machine be
# otherwise idle: the load generator and the server share its two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
npm run build --silent
for bench in p1-auth-throughput p2-cache-miss p3-revocation silent-cut p5-cost-caps p5-originate p6-real-read p6-two-instances p4-many-accounts; do
  node --import tsx "bench/$bench.ts"
done
# 10,000 accounts need ~86 GB of disk (8.6 MB each): the default here is 1,000, with the figures extrapolated to
# 10,000; P4_PROVISION_ACCOUNTS=10000 on a machine that holds them (the benchmark refuses when the disk cannot).
node --import tsx bench/p4-account-provisioning.ts --accounts "${P4_PROVISION_ACCOUNTS:-1000}"
