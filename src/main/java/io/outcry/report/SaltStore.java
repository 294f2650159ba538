package io.outcry.report;

import static io.outcry.db.Tables.DAILY_SALT;

import java.time.LocalDate;
import org.jooq.DSLContext;

/** The SQL of the shared daily salt: the first node of a day stores its candidate, every node reads the winner. */
public final class SaltStore {
    private final DSLContext dsl;

    public SaltStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * The salt of {@code day}: {@code candidate} if no node stored one yet, else the one stored first. Salts of days
     * before {@code day - 1} are deleted in the same transaction.
     */
    public String saltOf(LocalDate day, String candidate) {
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            t.insertInto(DAILY_SALT, DAILY_SALT.SALT_DAY, DAILY_SALT.SALT)
                    .values(day, candidate)
                    .onConflictDoNothing()
                    .execute();
            t.deleteFrom(DAILY_SALT).where(DAILY_SALT.SALT_DAY.lt(day.minusDays(1))).execute();
            return t.select(DAILY_SALT.SALT).from(DAILY_SALT).where(DAILY_SALT.SALT_DAY.eq(day))
                    .fetchOne(DAILY_SALT.SALT);
        });
    }
}
