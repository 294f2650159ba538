#!/bin/sh
# Detection benchmark: generates labelled scenarios (fixed seed), scores each decision rule,
# writes bench/results/detection.md and bench/results/detection.json. Optional arg: main series count (default 120).
set -e
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
./mvnw -q -o test-compile
CP="target/test-classes:target/classes:$(find ~/.m2/repository/org/apache/commons/commons-math3/3.6.1 -name 'commons-math3-3.6.1.jar')"
exec "$JAVA_HOME/bin/java" -cp "$CP" io.outcry.bench.DetectionBench "$@"
