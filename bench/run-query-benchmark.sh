#!/usr/bin/env bash
# Query latency against stored spans (10-20 minutes on a 2-core box; mostly filling the database):
#   bench/run-query-benchmark.sh [--sizes=100000,1000000] [--seed=20] [--repeat=30]
# Starts the span path on a private nats-server and a scratch database on the local PostgreSQL, stores a
# seed of generated traffic through it, clones the seed in SQL up to each size and times the query API.
# Needs about 2.5 GB of database disk per million spans. Writes bench-results/query-<time>.json.
source "$(dirname "$0")/common.sh"
build_if_needed
exec "$JAVA_HOME/bin/java" -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" \
  io.lumina.bench.e2e.QueryLatencyBenchmark "$@"
