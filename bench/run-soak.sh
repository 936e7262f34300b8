#!/usr/bin/env bash
# The soak (docs/performance.md, "Soak"): steady load for 20 minutes on private servers, printing every
# minute the span stream's bytes and messages, dead letters, each service's heap and RSS; then checks that
# every acknowledged span was stored once. Pass half the sustained rate bench/run-benchmark.sh measured:
#   bench/run-soak.sh --rate=1500 [--minutes=20] [--sample-seconds=60] [--workers=1]
#                     [--spans-per-request=20] [--concurrency=8] [--jvm="-Xmx768m -XX:+ExitOnOutOfMemoryError"]
# Exit status 1 when an acknowledged span is missing or duplicated or a service died.
source "$(dirname "$0")/common.sh"
build_if_needed
exec "$JAVA_HOME/bin/java" -Xmx2g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" io.lumina.bench.drills.Soak "$@"
