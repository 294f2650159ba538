package io.outcry;

/** The databases Outcry runs on; API and store tests run once on each. */
public enum Engine {
    /** An H2 file database in a fresh temporary folder, as a single node runs by default. */
    H2,
    /** A fresh database on the embedded PostgreSQL 17 server shared by the test JVM, as several nodes run. */
    POSTGRES
}
