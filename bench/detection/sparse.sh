#!/bin/sh
# One sparse state (an internet provider at 15-minute steps): replay, replay --source-cap 3 and replay --reports
# over generated months with local outages. Writes
# bench/results/detection-sparse.md. See src/test/java/io/outcry/cli/SparseStateBench.java.
set -e
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
./mvnw -q -o test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/sparse-bench.cp >/dev/null
exec "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/sparse-bench.cp)" \
  io.outcry.cli.SparseStateBench "$@"
