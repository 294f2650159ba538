package io.outcry.geo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Finds places by name as a person types it: case- and accent-insensitive, matching the start of
 * the name or of any word in it, exact names first, then prefixes, then word matches, bigger places
 * first within each.
 */
public final class Gazetteer {

    static final String RESOURCE = "/geo/places.tsv.gz";
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final int MAX_SCAN = 400_000;
    /** Queries this short match tens of thousands of names: their top results are computed once and kept. */
    private static final int SHORT = 2;
    private static final int SHORT_LIMIT = 50;

    private final Map<String, List<Place>> shortQueries = new ConcurrentHashMap<>();

    private final List<Place> places;
    private final String[] keys;
    /** Sorted (place index << 16 | offset of a word start in its key): a suffix array over word starts. */
    private final long[] entries;

    Gazetteer(List<Place> places) {
        if (places.size() >= 1 << 18) {
            throw new IllegalArgumentException("too many places for the ranking key: " + places.size());
        }
        this.places = List.copyOf(places);
        this.keys = new String[places.size()];
        List<Long> all = new ArrayList<>(places.size() * 3);
        for (int i = 0; i < keys.length; i++) {
            String key = normalize(places.get(i).name());
            keys[i] = key;
            for (int o = 0; o < key.length() && o < 0xFFFF; o++) {
                if (o == 0 || key.charAt(o - 1) == ' ') {
                    all.add(((long) i << 16) | o);
                }
            }
        }
        all.sort(Comparator.comparing(e -> e, this::compareEntries));
        this.entries = all.stream().mapToLong(Long::longValue).toArray();
    }

    /** Reads the bundled GeoNames places from the classpath. */
    public static Gazetteer load() {
        try (InputStream raw = Gazetteer.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8));
            List<Place> places = new ArrayList<>(180_000);
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                places.add(new Place(
                        f[0],
                        f[2].intern(),
                        f[3].intern(),
                        Double.parseDouble(f[4]),
                        Double.parseDouble(f[5]),
                        Integer.parseInt(f[6])));
            }
            return new Gazetteer(places);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every place, in file order. */
    public List<Place> places() {
        return places;
    }

    /**
     * Up to {@code limit} places whose name, or a word of it, starts with {@code q}, ignoring case,
     * accents and punctuation ("saint etienne" finds Saint-Étienne); empty for a blank query.
     */
    public List<Place> search(String q, int limit) {
        if (q == null || limit <= 0) {
            return List.of();
        }
        String query = normalize(q);
        if (query.isEmpty()) {
            return List.of();
        }
        if (query.length() <= SHORT && limit <= SHORT_LIMIT) {
            List<Place> top = shortQueries.computeIfAbsent(query, k -> ranked(k, SHORT_LIMIT));
            return top.subList(0, Math.min(limit, top.size()));
        }
        return ranked(query, limit);
    }

    /**
     * Every match gets one sortable long: kind (exact 0, prefix 1, word 2), then population
     * descending, then key length, then place index; the smallest {@code limit} win.
     */
    private List<Place> ranked(String query, int limit) {
        long[] found = new long[64];
        int count = 0;
        int start = lowerBound(query);
        int end = Math.min(entries.length, start + MAX_SCAN);
        for (int i = start; i < end; i++) {
            int place = (int) (entries[i] >>> 16);
            int offset = (int) (entries[i] & 0xFFFF);
            String key = keys[place];
            if (!key.startsWith(query, offset)) {
                break;
            }
            if (offset > 0 && matchesEarlier(key, query, offset)) {
                continue; // counted once, at its best (earliest) match
            }
            int kind = offset > 0 ? 2 : key.length() == query.length() ? 0 : 1;
            long score = ((long) kind << 59)
                    | ((long) (Integer.MAX_VALUE - Math.max(0, places.get(place).population())) << 28)
                    | ((long) Math.min(key.length(), 1023) << 18)
                    | place;
            if (count == found.length) {
                found = Arrays.copyOf(found, count * 2);
            }
            found[count++] = score;
        }
        Arrays.sort(found, 0, count);
        List<Place> out = new ArrayList<>(Math.min(limit, count));
        for (int i = 0; i < count && out.size() < limit; i++) {
            out.add(places.get((int) (found[i] & 0x3FFFF)));
        }
        return List.copyOf(out);
    }

    private static boolean matchesEarlier(String key, String query, int offset) {
        for (int o = 0; o < offset; o++) {
            if ((o == 0 || key.charAt(o - 1) == ' ') && key.startsWith(query, o)) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, no accents, letters and digits separated by single spaces: "Saint-Étienne" → "saint etienne". */
    static String normalize(String s) {
        String decomposed = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFKD)).replaceAll("");
        StringBuilder b = new StringBuilder(decomposed.length());
        boolean space = true;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = Character.toLowerCase(decomposed.charAt(i));
            String folded = fold(c);
            if (folded != null) {
                b.append(folded);
                space = false;
            } else if (Character.isLetterOrDigit(c)) {
                b.append(c);
                space = false;
            } else if (!space) {
                b.append(' ');
                space = true;
            }
        }
        int n = b.length();
        return (n > 0 && b.charAt(n - 1) == ' ' ? b.substring(0, n - 1) : b.toString()).toLowerCase(Locale.ROOT);
    }

    /** Letters that Unicode decomposition leaves alone but people type without their stroke or ligature. */
    private static String fold(char c) {
        return switch (c) {
            case 'ß' -> "ss";
            case 'æ' -> "ae";
            case 'œ' -> "oe";
            case 'ø' -> "o";
            case 'ł' -> "l";
            case 'đ' -> "d";
            case 'ð' -> "d";
            case 'þ' -> "th";
            case 'ı' -> "i";
            default -> null;
        };
    }

    private int lowerBound(String query) {
        int lo = 0;
        int hi = entries.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compareSuffix(entries[mid], query) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int compareSuffix(long entry, String query) {
        return compareFrom(keys[(int) (entry >>> 16)], (int) (entry & 0xFFFF), query, 0);
    }

    private static int compareFrom(String a, int oa, String b, int ob) {
        int n = Math.min(a.length() - oa, b.length() - ob);
        for (int i = 0; i < n; i++) {
            int d = a.charAt(oa + i) - b.charAt(ob + i);
            if (d != 0) {
                return d;
            }
        }
        return (a.length() - oa) - (b.length() - ob);
    }

    private int compareEntries(long a, long b) {
        String ka = keys[(int) (a >>> 16)];
        String kb = keys[(int) (b >>> 16)];
        int oa = (int) (a & 0xFFFF);
        int ob = (int) (b & 0xFFFF);
        int c = compareFrom(ka, oa, kb, ob);
        return c != 0 ? c : Long.compare(a, b);
    }
}
