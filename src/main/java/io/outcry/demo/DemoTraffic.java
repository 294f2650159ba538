package io.outcry.demo;

import io.outcry.catalog.Service;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.simple.JDKRandomWrapper;

/**
 * The shape of demo traffic: how many people usually report a service per minute at a time of the week (by its
 * popularity, with a daily and weekly cycle), how they spread over countries and regions, and overdispersed draws
 * (a gamma-Poisson mixture, variance ≈ 2 × mean) as real crowds give.
 */
final class DemoTraffic {
    /** Where reports of a global service come from, with the regions of the two countries the map shows in detail. */
    static final Map<String, Double> WORLD_SPLIT = split(
            "US", 0.30, "FR", 0.16, "GB", 0.10, "DE", 0.09, "BR", 0.08, "IN", 0.07, "ES", 0.05, "IT", 0.05,
            "CA", 0.04, "AU", 0.03, "JP", 0.03);
    static final Map<String, Double> FR_REGIONS = split(
            "FR-IDF", 0.30, "FR-ARA", 0.14, "FR-PAC", 0.11, "FR-OCC", 0.10, "FR-NAQ", 0.09, "FR-HDF", 0.09,
            "FR-GES", 0.07, "FR-BRE", 0.05, "FR-PDL", 0.05);
    static final Map<String, Double> US_REGIONS = split(
            "US-CA", 0.22, "US-NY", 0.16, "US-TX", 0.16, "US-FL", 0.12, "US-IL", 0.08, "US-WA", 0.07,
            "US-PA", 0.07, "US-GA", 0.06, "US-MA", 0.06);

    private DemoTraffic() {}

    /** Usual reporters per minute of a service at an instant. */
    static double rate(Service s, Instant t) {
        ZonedDateTime local = t.atZone(ZoneOffset.ofHours(1));
        double hour = local.getHour() + local.getMinute() / 60.0;
        double daily = 1 + 0.6 * Math.sin((hour - 13) / 24 * 2 * Math.PI);
        double weekly = local.getDayOfWeek().getValue() >= 6 ? 0.85 : 1.0;
        return 0.012 * s.popularity() * daily * weekly;
    }

    /** The countries a service's reports come from: its access countries, else the world split. */
    static Map<String, Double> countries(Service s) {
        if (s.accessCountries().isEmpty()) {
            return WORLD_SPLIT;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        s.accessCountries().forEach(c -> out.put(c, 1.0 / s.accessCountries().size()));
        return out;
    }

    static Map<String, Double> regions(String country) {
        return switch (country) {
            case "FR" -> FR_REGIONS;
            case "US" -> US_REGIONS;
            default -> Map.of();
        };
    }

    /** A negative-binomial draw with the given mean and variance 2 × mean. */
    static int draw(Random random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        // Poisson(Gamma(shape, scale mean / shape)): variance = mean + mean²/shape = 2 × mean when shape = mean. A crowd
        // is overdispersed over minutes, not within a second: below one report a draw (a quiet series' second), the
        // shape stays 1, nearly Poisson; a tinier shape clumps a whole day's few reports into one second now and then.
        UniformRandomProvider rng = new JDKRandomWrapper(random);
        double shape = Math.max(mean, 1);
        double lambda = AhrensDieterMarsagliaTsangGammaSampler.of(rng, shape, mean / shape).sample();
        return lambda > 0 ? PoissonSampler.of(rng, lambda).sample() : 0; // a tiny shape's gamma can round to 0
    }

    static String pick(Random random, Map<String, Double> weights) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double x = random.nextDouble() * total;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            x -= e.getValue();
            if (x <= 0) {
                return e.getKey();
            }
        }
        return weights.keySet().iterator().next();
    }

    private static Map<String, Double> split(Object... pairs) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (Double) pairs[i + 1]);
        }
        return out;
    }

    static List<String> areasOf(String country, String region) {
        return region == null ? List.of("*", country) : List.of("*", country, region);
    }
}
