package io.outcry.official;

import java.util.List;

/**
 * What one read of a source says: its overall word when it has one (Statuspage's indicator: {@code none},
 * {@code minor}, {@code major}, {@code critical}, {@code maintenance}; null otherwise) and the incidents it lists.
 *
 * @param complete true when the source lists every incident still open, so that one missing from it has ended
 */
public record Snapshot(String indicator, String description, List<OfficialIncident> incidents, boolean complete) {}
