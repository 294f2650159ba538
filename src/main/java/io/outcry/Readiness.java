package io.outcry;

import io.outcry.geo.Geography;
import io.outcry.report.ReportWriter;
import io.outcry.web.DiskRoom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Why a report would not be stored in normal time now, if it would not: the geography that locates every report is
 * still loading, the database does not answer, the disk that holds it is full, the ingest queue is full.
 *
 * @param diskRoom the disk of an H2 database; null on PostgreSQL, whose disk is the server's
 */
record Readiness(CompletableFuture<Geography> geography, Db db, DiskRoom diskRoom, ReportWriter writer,
        int ingestQueueSize) implements Supplier<Optional<String>> {
    @Override
    public Optional<String> get() {
        if (!geography.isDone() || geography.isCompletedExceptionally()) {
            return Optional.of("The node is still loading the map it locates reports with.");
        }
        try {
            db.dsl().selectOne().fetch();
        } catch (RuntimeException e) {
            return Optional.of("The database cannot be reached.");
        }
        if (diskRoom != null && !diskRoom.enough()) {
            return Optional.of("The disk that holds the database is full.");
        }
        if (writer.depth() >= ingestQueueSize) {
            return Optional.of("The ingest queue is full.");
        }
        return Optional.empty();
    }
}
