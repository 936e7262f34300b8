#!/usr/bin/env bash
# How stored spans/s grows with worker processes against one PostgreSQL (docs/scaling.md), ~8 minutes:
#   bench/run-worker-scaling.sh [--workers=1,2,4] [--backlog=150000] [--worker-jvm="-Xms256m -Xmx512m"]
# For each count: a scratch database and a private nats-server, a backlog queued by ingestion (then
# stopped), that many workers draining it; prints stored/s, its ratio to the COPY ceiling of the same run,
# and the cores each group used. Needs a quiet machine.
source "$(dirname "$0")/common.sh"
build_if_needed
exec "$JAVA_HOME/bin/java" -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" io.lumina.bench.e2e.WorkerScaling "$@"
