#!/usr/bin/env bash
# One sparse state (an internet provider at 15-minute steps): replay, replay --source-cap 3 and replay --reports
# over generated months with local outages. Writes
# bench/results/detection-sparse.md. See src/test/java/io/outcry/cli/SparseStateBench.java.
source "$(dirname "$0")/../lib.sh"
exec "$JAVA" -cp "$CP" io.outcry.cli.SparseStateBench "$@"
