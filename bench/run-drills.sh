#!/usr/bin/env bash
# Fault drills on private servers (never the machine's shared PostgreSQL or NATS), in about 4 minutes:
#   bench/run-drills.sh [--drills=worker-kill,nats-restart,postgres-restart,bad-input] [--rate=300] [--jvm="..."]
#                       [--seconds=24] [--spans-per-request=10] [--concurrency=8] [--ack-wait=10] [--workers=2]
# Starts a private nats-server, a private PostgreSQL (embedded-postgres binaries), one ingestion and two
# worker JVMs from the module jars, runs each drill under load and prints, per drill, spans acknowledged
# vs stored, missing, duplicates, summary/rollup counts and 5xx answers. Exit status 1 when anything
# acknowledged is missing, anything is duplicated or double counted, or a bad request gets a 5xx.
source "$(dirname "$0")/common.sh"
build_if_needed
exec "$JAVA_HOME/bin/java" -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" io.lumina.bench.drills.FaultDrills "$@"
