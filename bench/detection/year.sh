#!/usr/bin/env bash
# A year of reports in 50 states through replay --reports, in a 1 GB heap: time, peak heap, and what it declares.
# Writes bench/results/detection-year.md. See src/test/java/io/outcry/cli/ReplayYearBench.java.
source "$(dirname "$0")/../lib.sh"
exec "$JAVA" -Xmx1g -cp "$CP" io.outcry.cli.ReplayYearBench "$@"
