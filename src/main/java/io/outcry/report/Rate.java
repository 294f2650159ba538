package io.outcry.report;

import java.time.Duration;

/** A token bucket: at most {@code tokens} per {@code period}, all available at once; zero tokens turns it off. */
public record Rate(int tokens, Duration period) {
    public static final Rate OFF = new Rate(0, Duration.ofMinutes(1));

    public boolean isOff() {
        return tokens <= 0;
    }
}
