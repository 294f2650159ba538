package io.outcry.web;

import io.javalin.http.Context;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;

/**
 * Before-handler: a body whose {@code Content-Type} names a charset Java does not know is refused with 415, before
 * anything reads it (Jetty would throw while decoding it, and that was a 500).
 */
public final class BodyCharset {
    private BodyCharset() {}

    public static void check(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null) {
            return;
        }
        for (String part : type.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring("charset=".length()).trim().replace("\"", "");
                if (!known(name)) {
                    throw Problem.unsupportedMediaType("The charset '" + (name.length() > 40 ? name.substring(0, 40)
                            : name) + "' is not one this server reads; send UTF-8.");
                }
            }
        }
    }

    private static boolean known(String name) {
        try {
            return !name.isEmpty() && Charset.isSupported(name);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }
}
