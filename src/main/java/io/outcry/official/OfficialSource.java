package io.outcry.official;

import java.util.List;

/**
 * An official status page the catalog names for a service: its URL, its format, and the names of its components
 * that are this service (empty when the whole page is).
 */
public record OfficialSource(String service, String url, Format format, List<String> components) {}
