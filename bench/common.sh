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

# Compiles the e2e and drills packages with javac against the benchmarks module's dependencies, copied
# from ~/.m2 into benchmarks/target/bench-lib (so a run is immune to other builds rewriting ~/.m2
# meanwhile, and does not depend on the module's other benchmarks compiling). Redone when a source of
# those packages, the pom, or a Lumina jar in ~/.m2 is newer than the last build. The platform jar is
# built only when $1 = platform and it is missing. LUMINA_BENCH_REBUILD=1 forces both.
build_if_needed() {
  local out=benchmarks/target/bench-e2e
  local stamp=$out/.built
  if [ "${LUMINA_BENCH_REBUILD:-0}" = 1 ] || [ ! -f "$stamp" ] \
      || [ -n "$(find benchmarks/src/main/java/io/lumina/bench/e2e benchmarks/src/main/java/io/lumina/bench/drills benchmarks/src/main/java/io/lumina/bench/dataset \
                 benchmarks/pom.xml -newer "$stamp" -print -quit)" ] \
      || [ -n "$(find "$HOME/.m2/repository/io/lumina" -name '*.jar' -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    echo "building the benchmark harness..." >&2
    # Built aside, then swapped in, so a run started earlier keeps its files.
    local next=$out.next.$$
    rm -rf "$next"
    mkdir -p "$next/classes"
    mvn_quiet -pl benchmarks dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$PWD/$next/lib"
    "$JAVA_HOME/bin/javac" -proc:none -nowarn -d "$next/classes" -cp "$next/lib/*" \
      $(find benchmarks/src/main/java/io/lumina/bench/e2e benchmarks/src/main/java/io/lumina/bench/drills benchmarks/src/main/java/io/lumina/bench/dataset -name '*.java')
    touch "$next/.built"
    find benchmarks/target -maxdepth 1 -name 'bench-e2e.old.*' -mmin +120 -exec rm -rf {} + 2>/dev/null || true
    if [ -d "$out" ]; then mv "$out" "$out.old.$$"; fi
    mv "$next" "$out"
  fi
  if [ "${1:-}" = platform ] && { [ "${LUMINA_BENCH_REBUILD:-0}" = 1 ] || [ ! -f platform/target/lumina-platform.jar ]; }; then
    echo "building the platform jar (first time takes a few minutes)..." >&2
    mvn_quiet -pl platform -am install -DskipTests
  fi
  CP="$out/classes:$out/lib/*"
}

find_java
