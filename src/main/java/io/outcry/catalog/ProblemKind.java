package io.outcry.catalog;

/** A kind of problem a person can name ("login", "payments"), with its labels in English and French. */
public record ProblemKind(String slug, String nameEn, String nameFr) {}
