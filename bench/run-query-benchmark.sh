#!/usr/bin/env bash
# Query latency against stored spans (docs/performance.md, "Query latency against stored spans"):
#   bench/run-query-benchmark.sh [--sizes=1000000,10000000] [--repeat=30] [--sustained=4000]
#                                [--background-seconds=180] [--parallel=2] [--keep-database=false]
#                                [--reuse-database=<name>] [--platform-jvm="-Xms256m -Xmx2g"]
#                                [--settle-seconds=30]
# Starts the span path on a private nats-server and a scratch database on the local PostgreSQL; for each
# size fills the seven days before today with the dataset generator (bench/generate-dataset.sh) and times
# the query API while the span path ingests a quarter of --sustained spans/s (set it to the worker's
# sustained rate from bench/run-benchmark.sh), the timed calls from --settle-seconds after that load
# starts. Prints p50/p95/p99 per query and the query API's heap.
# --keep-database=true leaves the scratch database (lumina_qbench_<time>) for EXPLAIN afterwards;
# --reuse-database=<name> times the queries again on such a database without generating (and keeps it).
# The platform JVM's GC log goes to bench-results/logs/platform-gc-<time>.log.
# Needs about 2.5 GB of database disk per million spans (check df before 50M). Writes
# bench-results/query-<time>.json.
source "$(dirname "$0")/common.sh"
build_if_needed
exec "$JAVA_HOME/bin/java" -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" \
  io.lumina.bench.e2e.QueryLatencyBenchmark "$@"
