package io.outcry.catalog;

import java.util.List;

/** Something people report as down: an app, a website, a bank, an internet provider. */
public record Service(
        int id,
        String slug,
        String name,
        String category,
        String homepage,
        String statusPage,
        List<String> aliases,
        int popularity,
        List<String> dependsOn,
        List<String> accessCountries) {}
