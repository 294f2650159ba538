package io.outcry.official;

/** An answer that is not the format the catalog says: invalid JSON or XML, or a shape without the expected fields. */
public final class Unreadable extends Exception {
    public Unreadable(String message) {
        super(message);
    }

    public Unreadable(String message, Throwable cause) {
        super(message, cause);
    }
}
