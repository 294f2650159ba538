package io.outcry.official;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Outcry regions (ISO 3166 codes) that cloud providers' region names stand for, so an official incident in
 * {@code us-east-1} lands on the map where its data centres are. Only the regions that host most services are listed.
 */
final class Regions {
    private static final Map<String, String> CODES = Map.ofEntries(
            // AWS
            Map.entry("us-east-1", "US-VA"), Map.entry("us-east-2", "US-OH"), Map.entry("us-west-1", "US-CA"),
            Map.entry("us-west-2", "US-OR"), Map.entry("eu-west-1", "IE"), Map.entry("eu-west-2", "GB"),
            Map.entry("eu-west-3", "FR"), Map.entry("eu-central-1", "DE"), Map.entry("ap-northeast-1", "JP"),
            Map.entry("ap-southeast-1", "SG"), Map.entry("ap-southeast-2", "AU"), Map.entry("ap-south-1", "IN"),
            Map.entry("sa-east-1", "BR"), Map.entry("ca-central-1", "CA"),
            // Google Cloud
            Map.entry("us-central1", "US-IA"), Map.entry("us-east1", "US-SC"), Map.entry("us-east4", "US-VA"),
            Map.entry("us-west1", "US-OR"), Map.entry("europe-west1", "BE"), Map.entry("europe-west2", "GB"),
            Map.entry("europe-west3", "DE"), Map.entry("europe-west4", "NL"), Map.entry("europe-west9", "FR"),
            Map.entry("asia-northeast1", "JP"), Map.entry("asia-southeast1", "SG"),
            Map.entry("australia-southeast1", "AU"));

    private Regions() {}

    /** The regions named in these texts (component names, location ids), each once, in order. */
    static List<String> named(List<String> texts) {
        List<String> out = new ArrayList<>();
        for (String text : texts) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (Map.Entry<String, String> e : CODES.entrySet()) {
                if (containsWord(lower, e.getKey()) && !out.contains(e.getValue())) {
                    out.add(e.getValue());
                }
            }
        }
        return out;
    }

    private static boolean containsWord(String text, String word) {
        int i = text.indexOf(word);
        while (i >= 0) {
            int end = i + word.length();
            // "ec2-us-east-1_…" and "us-central1-a" name the region; "us-east-12" and "aus-east-1" do not.
            boolean before = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1));
            boolean after = end == text.length() || !Character.isDigit(text.charAt(end));
            if (before && after) {
                return true;
            }
            i = text.indexOf(word, i + 1);
        }
        return false;
    }
}
