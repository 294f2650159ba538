package io.outcry.outage;

/** Names of areas (countries, regions) in English and French, for explanations. */
public interface AreaNames {
    String english(String code);

    String french(String code);

    /** Until a geography is known: the code itself. */
    AreaNames CODES = new AreaNames() {
        @Override
        public String english(String code) {
            return code;
        }

        @Override
        public String french(String code) {
            return code;
        }
    };
}
