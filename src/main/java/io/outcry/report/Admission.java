package io.outcry.report;

import io.outcry.web.Problem;
import java.util.function.IntPredicate;

/**
 * Lets a validated report through the abuse defences, cheapest first: the token buckets of its reporter and subnet
 * (429 with Retry-After when empty), then a proof-of-work challenge when a bucket is half empty or the service is
 * spiking (428 that says where to get one).
 */
public final class Admission {
    private final Limits limits;
    private final Challenges challenges;
    private final boolean challengeOn;
    private final IntPredicate spiking;

    public Admission(Limits limits, Challenges challenges, boolean challengeOn, IntPredicate spiking) {
        this.limits = limits;
        this.challenges = challenges;
        this.challengeOn = challengeOn;
        this.spiking = spiking;
    }

    public Challenges challenges() {
        return challenges;
    }

    /** Throws the problem that refuses the report, or takes its tokens and returns. */
    public void admit(NewReport report, String altcha) {
        Limits.Buckets buckets = limits.of(report.reporterKey(), report.subnetKey());
        Limits.Verdict before = limits.peek(buckets);
        if (before.refused()) {
            throw tooMany(before);
        }
        if (challengeOn && (before.nearLimit() || spiking.test(report.serviceId())) && !challenges.accept(altcha)) {
            throw Problem.challengeRequired(altcha == null
                    ? "Many reports are arriving: solve the proof-of-work from GET /api/v1/challenge and send the"
                            + " solution in the field altcha."
                    : "The altcha solution is not valid, expired or already used; get a new one from"
                            + " GET /api/v1/challenge.");
        }
        Limits.Verdict taken = limits.take(buckets);
        if (taken.refused()) {
            throw tooMany(taken);
        }
    }

    private static Problem tooMany(Limits.Verdict v) {
        return Problem.tooManyRequests("Too many reports from your address or network; try again in "
                + v.retryAfterSeconds() + " s.", (int) Math.min(Integer.MAX_VALUE, v.retryAfterSeconds()));
    }
}
