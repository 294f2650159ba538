#!/usr/bin/env bash
# Durable ingest on an embedded PostgreSQL 17: one node, then two nodes sharing the database with the load split.
# Usage: bench/nodes.sh [seconds=10] [connections=64]   (needs JDK 21+ as JAVA_HOME or java)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests test-compile org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=test
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -Xmx1g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" io.outcry.bench.NodesBench "$@"
