#!/usr/bin/env bash
# End-to-end benchmark of the span path against a local platform, in about 5-6 minutes:
#   bench/run-benchmark.sh [--key=value ...]
# Starts the platform's span path (worker, ingestion, query API in one JVM of their own, from the service
# jars last installed in ~/.m2; --target=jar runs platform/target/lumina-platform.jar instead, what
# ./lumina start runs) against a private nats-server and a scratch database on the local PostgreSQL
# (LUMINA_BENCH_PG_URL, default jdbc:postgresql://127.0.0.1:5432/postgres), runs idle, warm-up, COPY
# ceiling, saturation and paced phases, prints the table, writes bench-results/e2e-<time>.json, and stops
# and drops everything it started.
# Options (defaults): --warmup=10 --saturation=60 --paced=20 --levels=0.25,0.5 (fractions of the sustained
#   rate) --rates=a,b (extra paced phases at absolute spans/s) --spans-per-request=20 --concurrency=8
#   (unpaced; paced phases use 32) --json-share=0.25 --probes-per-second=1 --probe-interval-ms=25
#   --retries=5 (after a 503, honouring Retry-After, as OTLP exporters do; 0: a refusal is final)
#   --drain=90 --rounds=3 --ceiling-rows=50000 --idle=5 --target=classpath|jar --jar=...
#   --platform-jvm="-Xms256m -Xmx2g"
#   --set.<spring.property>=value   passed to the platform, e.g. --set.lumina.worker.consumers=2
# docs/performance.md explains the method and the figures.
source "$(dirname "$0")/common.sh"
build_if_needed "$([[ " $* " == *" --target=jar "* ]] && echo platform)"
exec "$JAVA_HOME/bin/java" -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" io.lumina.bench.e2e.EndToEndBenchmark "$@"
