#!/bin/sh
# Incident benchmark: labelled synthetic scenarios (provider, regional access, coincidence, spillover, providers
# failing on their own), grouped by IncidentGroups; writes bench/results/incidents.md. Optional arg: scenarios per kind.
set -e
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.outcry.bench.IncidentBench "$@"
