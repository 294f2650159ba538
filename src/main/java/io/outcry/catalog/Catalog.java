package io.outcry.catalog;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An immutable snapshot of the catalog held in memory: services, categories and problem kinds. */
public record Catalog(List<Service> services, Map<String, Category> categories, Map<String, ProblemKind> problems) {

    public static Catalog of(List<Service> services, List<Category> categories, List<ProblemKind> problems) {
        List<Service> ordered = services.stream()
                .sorted(Comparator.comparingInt(Service::popularity).reversed().thenComparing(Service::slug))
                .toList();
        return new Catalog(ordered, index(categories, Category::slug), index(problems, ProblemKind::slug));
    }

    public Optional<Service> bySlug(String slug) {
        return services.stream().filter(s -> s.slug().equals(slug)).findFirst();
    }

    public Optional<Service> byId(int id) {
        return services.stream().filter(s -> s.id() == id).findFirst();
    }

    /** The problem kinds offered for a service, in display order. */
    public List<ProblemKind> problemsOf(Service service) {
        Category category = categories.get(service.category());
        if (category == null) {
            return List.of();
        }
        return category.problems().stream().map(problems::get).filter(p -> p != null).toList();
    }

    /**
     * Services whose name or an alias matches the query, ignoring case and accents; those whose name starts with it
     * first, then by popularity. A blank query matches everything.
     */
    public List<Service> search(String query, String category) {
        String q = fold(query == null ? "" : query);
        return services.stream()
                .filter(s -> category == null || category.isBlank() || s.category().equals(category))
                .filter(s -> q.isEmpty() || matches(s, q))
                .sorted(Comparator.comparingInt((Service s) -> fold(s.name()).startsWith(q) ? 0 : 1))
                .toList();
    }

    private static boolean matches(Service s, String q) {
        if (fold(s.name()).contains(q) || s.slug().contains(q)) {
            return true;
        }
        return s.aliases().stream().anyMatch(a -> fold(a).contains(q));
    }

    /** Lower case without accents or punctuation runs, so "Société Générale" and "societe generale" meet. */
    public static String fold(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return decomposed.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.toMap(key, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }
}
