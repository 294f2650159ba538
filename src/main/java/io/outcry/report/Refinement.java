package io.outcry.report;

/**
 * What a reporter adds after a one-tap report: its problem kind and its place, each only while still unset, only by
 * the same reporter and only for a report received since a given time. A place refines within the report's country
 * (or sets the country when it was unknown); the minute's counts gain the new areas, so the report then counts in its
 * region as if it had been sent with it.
 *
 * @param problem whether the problem kind was added
 * @param place whether the place was added
 */
public record Refinement(boolean problem, boolean place) {}
