#!/usr/bin/env bash
# Lumina ingestion against Zipkin on the same generated LLM traffic, one after the other:
#   bench/run-ingest-peer.sh [--key=value ...]
# Resolves the Zipkin server exec jar (io.zipkin:zipkin-server:3.5.1:exec) from Maven Central into
# benchmarks/target/zipkin (never committed), starts Zipkin in memory (MEM_MAX_SPANS=50000) and measures
# it, stops it, then starts Lumina's ingestion (and its worker, in a JVM of its own) against a private
# nats-server and a scratch database on the local PostgreSQL (LUMINA_BENCH_PG_URL, default
# jdbc:postgresql://127.0.0.1:5432/postgres) and measures it on the same traffic: OTLP protobuf to
# Lumina, the same spans as Zipkin v2 JSON to Zipkin. Prints accepted spans/s, accepted spans per server
# CPU-second (from /proc/PID/stat), request p50/p95/p99 side by side, a paced phase of Lumina at a
# fraction of its rate (with --workers=paused the stream is purged first, so that phase does not
# measure the write-back of what the saturation phase left), and the load average. Stops and drops
# everything it started.
# Options (defaults): --seconds=20 --warmup=5 --concurrency=4 --spans=100 --workers=running|paused
#   --paced=0.5 (0 skips) --paced-seconds=<seconds> --server-jvm="-Xms768m -Xmx768m" (both servers)
#   --mem-max-spans=50000 --set.<spring.property>=value (passed to Lumina's services)
#   --zipkin=skip (Lumina only) --lumina-jar=<an ingestion exec jar, e.g. an older build>
#   --lumina-jvm="<extra JVM options of ingestion only>", e.g. a -XX:StartFlightRecording=... profile
#   --mode=flood: no Zipkin; --flood-clients=100 connections send --flood-body=16777216-byte bodies for
#   --seconds while one ordinary client keeps sending; then, as a phase of its own once the service
#   answers health again and --settle=5 seconds have passed, hostile JSON numbers are timed
#   (--hostile-rounds=200 per form: p50, p99, max, and the server's own timer); prints statuses, the
#   ordinary client's latency, health and heap afterwards.
# docs/performance.md ("Ingestion against Zipkin") explains the method. Measure on a quiet machine.
source "$(dirname "$0")/common.sh"
build_if_needed
ZIPKIN_VERSION=3.5.1
ZIPKIN_JAR=benchmarks/target/zipkin/zipkin-server-$ZIPKIN_VERSION-exec.jar
if [ ! -f "$ZIPKIN_JAR" ]; then
  echo "resolving io.zipkin:zipkin-server:$ZIPKIN_VERSION:exec from Maven Central..." >&2
  mvn_quiet dependency:copy -Dartifact=io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec \
    -DoutputDirectory="$PWD/benchmarks/target/zipkin" -Dmdep.overWriteIfNewer=true
fi
exec "$JAVA_HOME/bin/java" -Xmx2g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" \
  io.lumina.bench.e2e.IngestPeerBenchmark --zipkin-jar="$ZIPKIN_JAR" "$@"
