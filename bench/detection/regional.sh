#!/bin/sh
# The sparse-region target through the server's whole detection (replay --reports) over generated reports:
# six people within an hour in a region where under one report an hour is usual. Writes
# bench/results/detection-regional.md. See src/test/java/io/outcry/cli/RegionalBench.java.
set -e
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
./mvnw -q -o test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/regional-bench.cp >/dev/null
exec "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/regional-bench.cp)" \
  io.outcry.cli.RegionalBench "$@"
