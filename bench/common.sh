# Shared by run-benchmark.sh and run-drills.sh: finds a JDK 25, builds what is missing, and sets CP to
# the benchmarks module's classpath (its classes plus every dependency: the services, test-support).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_java() {
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
    return
  fi
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/jdk-25*; do
    if [ -x "$candidate/bin/java" ]; then
      export JAVA_HOME=$candidate
      return
    fi
  done
  echo "needs a JDK 25: set JAVA_HOME to one." >&2
  exit 1
}

mvn_quiet() {
  # Offline first (everything is usually in ~/.m2 already), online if something is missing.
  ./mvnw -B -q -o "$@" 2>/dev/null || ./mvnw -B -q "$@"
}

# Rebuilds the benchmarks module when a source under benchmarks/ is newer than its classpath file, and
# the platform jar (only when $1 = platform) when it is missing. Set LUMINA_BENCH_REBUILD=1 to force both.
build_if_needed() {
  local cpfile=benchmarks/target/bench-classpath.txt
  if [ "${LUMINA_BENCH_REBUILD:-0}" = 1 ] || [ ! -f "$cpfile" ] \
      || [ -n "$(find benchmarks/src benchmarks/pom.xml -newer "$cpfile" -print -quit)" ]; then
    echo "building the benchmarks module..." >&2
    mvn_quiet -pl benchmarks package -DskipTests
    mvn_quiet -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$PWD/$cpfile"
  fi
  if [ "${1:-}" = platform ] && { [ "${LUMINA_BENCH_REBUILD:-0}" = 1 ] || [ ! -f platform/target/lumina-platform.jar ]; }; then
    echo "building the platform jar (first time takes a few minutes)..." >&2
    mvn_quiet -pl platform -am install -DskipTests
  fi
  CP="benchmarks/target/classes:$(cat "$cpfile")"
}

find_java
