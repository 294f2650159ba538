#!/usr/bin/env bash
# The report writer's cost per report without HTTP (ReportStore.write, one thread, fixed batches).
# Usage: bench/writer.sh [reports=200000] [batch=64] [jdbc-url|postgres]
source "$(dirname "$0")/lib.sh"
"$JAVA" -Xmx1g ${WRITER_OPTS:-} -cp "$CP" io.outcry.bench.WriterBench "$@"
