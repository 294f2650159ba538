#!/usr/bin/env bash
# Geography benchmark: point -> region latency over 100,000 random land points and the layer's heap.
# Needs JDK 21+ (JAVA_HOME). Writes bench/results/geo.json. Run from the repository root.
set -euo pipefail
./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx1g -cp "target/test-classes:target/classes:$(cat target/cp.txt)" io.outcry.bench.GeoBench
