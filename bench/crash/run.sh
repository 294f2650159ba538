#!/usr/bin/env bash
# Crash bench: kill -9 rounds of a child JVM under report load, some during detector ticks; checks that nothing
# acknowledged is lost or doubled, counts equal a recount, outages are neither lost nor duplicated.
# Args: [rounds (50)] [seed]. Needs JDK 21+ (JAVA_HOME). Writes bench/results/crash.md. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/cp.txt)" io.outcry.bench.CrashBench "$@"
