#!/usr/bin/env bash
# Every table and chart of docs/BENCHMARKS.md in one run, on Java 17 and on Java 25, in a fixed order.
# Needs a quiet machine (about 25 minutes on two cores) and a built jar: mvn -q install -DskipTests
# Usage: benchmarks/run-all.sh [out-dir]   (default docs/benchmarks)
# JAVA17 / JAVA25 name the two JDKs (defaults: `java` on the PATH and Temurin 25 where this machine has it).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/benchmarks}
java17=${JAVA17:-java}
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
jar=benchmarks/target/ssekit-bench.jar
mkdir -p "$out"
log="$out/run.log"
: > "$log"

step() {
  echo "== $(date -u +%FT%TZ) load average $(cut -d' ' -f1-3 /proc/loadavg): $*" | tee -a "$log"
  "$@" >> "$log" 2>&1
  echo "   done $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
}

step "$java17" -jar "$jar" parser --out "$out"
step env JAVA_HOME="$(dirname "$(dirname "$java25")")" "$java25" -jar "$jar" parser --out "$out"
step "$java17" -jar "$jar" e2e --out "$out"
step "$java25" -jar "$jar" e2e --out "$out"
step "$java17" -jar "$jar" idle --out "$out"
step "$java17" -jar "$jar" fanout --clients 1000,10000 --rate 10 --duration 20s --class-histogram --java "$java25" --out "$out"
step "$java17" -jar "$jar" fanout --clients 1000,10000 --rate 10 --duration 20s --class-histogram --java "$java17" --out "$out"
step "$java17" -jar "$jar" fanout --capacity --clients 1000,10000 --start-rate 5 --java "$java25" --out "$out"
step "$java17" -jar "$jar" fanout --at-file-limit --rate 1 --duration 20s --java "$java25" --out "$out"
