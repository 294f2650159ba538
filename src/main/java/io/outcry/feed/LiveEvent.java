package io.outcry.feed;

/**
 * Something the live stream tells its clients: an event name ({@code outage.confirmed}, {@code status}), the service
 * it concerns (null for summaries) and its data, already JSON.
 */
public record LiveEvent(String name, String service, String data) {}
