package io.outcry.cli;

import io.outcry.Config;
import io.outcry.StartRefused;
import java.net.BindException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.h2.api.ErrorCode;

/**
 * Why a node could not start, in the words an operator acts on: what is wrong and what to change. The usual causes
 * (the port taken, the data folder in use by another node, a damaged database file, a database that cannot be
 * reached, a setting that is wrong) are one sentence; anything else is logged with its chain of causes and its
 * stack trace.
 */
final class StartFailure {
    private StartFailure() {}

    /** One sentence for a known cause, or null. */
    static String explain(RuntimeException e, Config config) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof StartRefused) {
                String m = c.getMessage(); // a sentence of its own: it follows "could not start: " here
                return Character.toLowerCase(m.charAt(0)) + m.substring(1);
            }
            if (c instanceof BindException) {
                return "port " + config.port() + " is in use by another program: stop it, or give this node another "
                        + "port (--port N or OUTCRY_PORT).";
            }
            if (c instanceof SQLException s && s.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return "the database in " + config.dataDir().toAbsolutePath() + " is in use by another program, most "
                        + "likely another Outcry node: stop it, or give this node its own folder (OUTCRY_DATA_DIR). "
                        + "Several nodes share one PostgreSQL database (OUTCRY_DB_URL), not a folder.";
            }
            if (c instanceof SQLException s && s.getErrorCode() == ErrorCode.FILE_CORRUPTED_1) {
                return "the database file in " + config.dataDir().toAbsolutePath() + " is damaged: restore it from a "
                        + "copy, or move outcry.mv.db aside to start with an empty database (H2's recovery tool, "
                        + "java -cp outcry.jar org.h2.tools.Recover, extracts what can still be read).";
            }
            if (c instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return "cannot reach the database at " + config.dbUrl() + ": " + s.getMessage();
            }
            if (c instanceof FileSystemException f) {
                return "cannot use " + f.getFile() + " (" + (f.getReason() != null ? f.getReason()
                        : c.getClass().getSimpleName()) + "): give the node a data folder it can write "
                        + "(OUTCRY_DATA_DIR, now " + config.dataDir().toAbsolutePath() + ").";
            }
        }
        return e instanceof IllegalArgumentException ? e.getMessage() : null;
    }

    /** The messages of the exception and of each cause, each once. */
    static String causes(Throwable e) {
        List<String> out = new ArrayList<>();
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            if (out.stream().noneMatch(o -> o.contains(m))) {
                out.add(m);
            }
        }
        return String.join(": ", out);
    }
}
