package io.outcry.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;

/**
 * How a batch of reports reaches disk: stored all or nothing, retries and repeats answered with the report already
 * stored, the rest inserted and counted per minute, service and area unless their subnet is over its cap. One
 * implementation per engine: {@link H2Intake} (the database's only writer, with its own memory of recent reporters and
 * counts held for a second) and {@link PostgresIntake} (one of several nodes, one statement per batch).
 */
public interface Intake {
    /** The window of {@link Accepted#recentReporters()}. */
    Duration RECENT = Duration.ofMinutes(15);

    /** The intake of the engine {@code dsl} speaks to, without a subnet cap, writing through {@code dsl}. */
    static Intake of(DSLContext dsl, Duration dedupeWindow) {
        return of(dsl, dsl, dedupeWindow, 0, Duration.ofMinutes(15));
    }

    /**
     * The intake of the engine {@code dsl} speaks to.
     *
     * @param writes the writer's statements ({@link io.outcry.Db#intakeDsl}: on PostgreSQL, a connection whose
     *     planner keeps to indexes); reads go through {@code dsl}
     * @param subnetCap at most this many reports of one subnet are counted per service within {@code subnetWindow};
     *     the rest are stored with {@code counted = false}. Zero: no cap.
     */
    static Intake of(DSLContext dsl, DSLContext writes, Duration dedupeWindow, int subnetCap, Duration subnetWindow) {
        Triage.Rules rules = new Triage.Rules(dedupeWindow, subnetCap, subnetWindow);
        return dsl.dialect() == SQLDialect.H2 ? new H2Intake(dsl, writes, rules) : new PostgresIntake(dsl, writes, rules);
    }

    /**
     * Stores a batch all or nothing. Each answer carries its service's reporters of the last {@link #RECENT}, summed
     * once per batch rather than once per request.
     */
    List<Accepted> write(List<NewReport> batch);

    /**
     * Readies the intake when its node starts, before it takes reports; returns the report rows whose counts it had
     * to add because a crash lost them. Nothing by default: an intake that holds nothing loses nothing.
     */
    default int open(Instant now) {
        return 0;
    }

    /**
     * Adds a problem kind and a place to a report its reporter sent within {@link #RECENT} (see {@link Refinement}).
     * On H2 the counts held in memory are written first, so that a restart's recount never counts the row twice.
     */
    Optional<Refinement> refine(UUID id, int serviceId, String reporterKey, Instant since, String problem,
            Location place);

    /**
     * Writes the counts held in memory to the count tables, at once: when the intake is idle, or stops. Nothing by
     * default: an intake that holds nothing writes every batch's counts with it.
     */
    default void writeCounts() {}

    /**
     * Writes the counts held in memory unless the intake is busy for long. Readers of the count tables call it first,
     * so that they see every committed report. Nothing by default, as {@link #writeCounts()}.
     */
    default void writeCountsForReaders() {}

    /** Reporter and subnet keys the intake's memory holds now; 0 by default, where the database is asked instead. */
    default int rememberedKeys() {
        return 0;
    }

    /** Keys the intake's memory forgot before their window ended, to stay within its bound; 0 without a memory. */
    default long forgottenEarly() {
        return 0;
    }
}
