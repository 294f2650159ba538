package io.outcry.cli;

import io.outcry.App;
import io.outcry.Config;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/** The command line: {@code serve}, {@code replay} and {@code --help}. */
public final class Main {
    private static final String USAGE = """
            Outcry — a crowdsourced outage radar.

            Usage:
              java -jar outcry.jar serve [--demo] [--port N]   run a node (http://localhost:7070 by default)
              java -jar outcry.jar replay FILE.csv [options]   backtest the detector on a CSV of counts
              java -jar outcry.jar replay --reports FILE.csv   the server's whole detection over a CSV of reports
              java -jar outcry.jar --help                      this text

            Configuration (environment variables, defaults in brackets):
            """;

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        String logFormat = System.getenv().getOrDefault("OUTCRY_LOG_FORMAT", "text").strip();
        if (logFormat.equalsIgnoreCase("json")) {
            // Before the first logger exists: one JSON object per line for log collectors.
            System.setProperty("logback.configurationFile", "logback-json.xml");
        } else if (!logFormat.equalsIgnoreCase("text") && !logFormat.isEmpty()) {
            System.err.println("OUTCRY_LOG_FORMAT must be text or json, got '" + logFormat + "'. Try --help.");
            System.exit(2);
        }
        if (System.getProperty(CARRIERS) == null) {
            // Before the first virtual thread: the JDK gives them one carrier per core and never takes a carrier from a
            // thread that computes. A few long reads (a map of every region) then held both carriers of a two-core
            // node, and /health waited over a second for one. With more carriers than cores the operating system
            // shares the cores among them, and a short request runs within its time slice.
            System.setProperty(CARRIERS, String.valueOf(Math.max(16, 4 * Runtime.getRuntime().availableProcessors())));
        }
        System.exit(run(args));
    }

    private static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

    static int run(String[] args) throws InterruptedException {
        String command = args.length == 0 ? "serve" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "serve":
                return serve(rest);
            case "replay":
                return Replay.run(rest, System.out, System.err);
            case "--help", "-h", "help":
                System.out.print(USAGE + Config.HELP.indent(2));
                return 0;
            default:
                System.err.println("Unknown command '" + command + "'. Try --help.");
                return 2;
        }
    }

    private static int serve(String[] args) throws InterruptedException {
        Config config;
        try {
            config = Config.from(System.getenv());
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--demo" -> config = config.withDemo(true);
                    case "--port" -> config = config.withPort(port(args, ++i));
                    default -> throw new IllegalArgumentException("Unknown option '" + args[i] + "' of serve.");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + (e.getMessage().endsWith(".") ? "" : ".") + " Try --help.");
            return 2;
        }
        App app;
        try {
            app = App.start(config, Clock.systemUTC());
        } catch (RuntimeException e) {
            String why = StartFailure.explain(e, config);
            if (why != null) {
                System.err.println("Outcry could not start: " + why);
            } else { // a cause no sentence names: its trace, once, where the node's logs go
                LoggerFactory.getLogger(Main.class).error("Outcry could not start: {}", StartFailure.causes(e), e);
            }
            return e instanceof IllegalArgumentException ? 2 : 1; // 2: a setting, as for those read above
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }));
        System.out.println("Outcry is running at http://localhost:" + app.port() + (config.demo() ? " (demo data)" : ""));
        stopped.await();
        return 0;
    }

    /** The port after {@code --port}: 0 (any free port) to 65535. */
    private static int port(String[] args, int i) {
        try {
            int port = Integer.parseInt(args[i]);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // said below
        }
        throw new IllegalArgumentException("--port needs a number from 0 (any free port) to 65535.");
    }
}
