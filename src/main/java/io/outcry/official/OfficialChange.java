package io.outcry.official;

/** An incident a source published, changed or ended, as the poller noticed it: what the live stream tells. */
public record OfficialChange(Kind kind, String page, OfficialIncident incident) {
    public enum Kind {
        OPENED,
        UPDATED,
        RESOLVED;

        /** {@code official.opened} …: the event name on the live stream. */
        public String eventName() {
            return "official." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
