#!/usr/bin/env bash
# The scale-out drill with processes on this machine, in about 3 minutes (docs/scaling.md):
#   bench/run-cluster-drill.sh [--rate=400] [--seconds=60] [--logs=bench-results/logs]
# Three nats-servers in one JetStream cluster (replicas 3), a PostgreSQL primary and a streaming replica
# (pg_basebackup, the machine's PostgreSQL binaries, scratch directories and ports of their own), two
# ingestion and two worker processes, a query API reading from the replica. Under load: SIGKILL one NATS
# node and restart it, then stop the replica (immediate) and start it again. Exit status 1 when anything
# acknowledged is missing or duplicated, a request gets a 500, a process dies, or the replica is not
# read from again afterwards.
source "$(dirname "$0")/common.sh"
build_if_needed
exec "$JAVA_HOME/bin/java" -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" io.lumina.bench.drills.ClusterDrill "$@"
