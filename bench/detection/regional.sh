#!/usr/bin/env bash
# The sparse-region target through the server's whole detection (replay --reports) over generated reports:
# six people within an hour in a region where under one report an hour is usual. Writes
# bench/results/detection-regional.md. See src/test/java/io/outcry/cli/RegionalBench.java.
source "$(dirname "$0")/../lib.sh"
exec "$JAVA" -cp "$CP" io.outcry.cli.RegionalBench "$@"
