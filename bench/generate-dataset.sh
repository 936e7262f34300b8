#!/usr/bin/env bash
# Fills a scratch database with generated spans, their trace summaries and hourly rollups
# (docs/performance.md, "Dataset generator"):
#   bench/generate-dataset.sh [--spans=10000000] [--days=7] [--parallel=2] [--seed=18]
#                             [--db=lumina_bench_dataset] [--admin-url=jdbc:postgresql://127.0.0.1:5432/postgres]
# Drops and re-creates the database, migrates it, and prints spans, traces and the time taken.
# Needs about 2.5 GB of database disk per million spans.
source "$(dirname "$0")/common.sh"
build_if_needed
exec "$JAVA_HOME/bin/java" -Xmx512m -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" \
  io.lumina.bench.dataset.DatasetGenerator "$@"
