package io.outcry.catalog;

import java.util.List;

/** A family of services and the problem kinds offered for them, most common first. */
public record Category(String slug, String nameEn, String nameFr, List<String> problems) {}
