package io.tcpstack.daemon;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * The {@code tcpstack} command. Exit codes: 0 success (including a stop by SIGINT/SIGTERM),
 * 1 runtime failure (one line on stderr, e.g. missing privileges), 2 bad arguments (one line).
 */
@Command(name = "tcpstack", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A userspace TCP/IPv4 stack on a Linux TUN interface.",
        subcommands = {RunCommand.class, SsCommand.class, StatsCommand.class, TraceCommand.class, ImpairCommand.class,
            CompletionCommand.class})
public final class Main implements Callable<Integer> {
    static final int EXIT_RUNTIME_ERROR = 1;
    /** Netty's leak detector level property; the detector samples buffers on every packet path. */
    static final String LEAK_DETECTION_LEVEL = "io.netty.leakDetection.level";

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        defaultLeakDetection(System.getProperties()); // before any Netty class reads it
        System.exit(commandLine().execute(args));
    }

    /** Netty's leak detector is off unless the user chose a level ({@code -Dio.netty.leakDetection.level=...}). */
    static void defaultLeakDetection(Properties properties) {
        properties.putIfAbsent(LEAK_DETECTION_LEVEL, "disabled");
    }

    /** The command line with the daemon's one-line error handlers. */
    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Main::badArguments)
                .setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, cmd));
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    /** Bad arguments: the reason and where to look, on one line; exit 2. */
    private static int badArguments(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Runtime failure: one line, the stack trace only at debug level; exit 1. */
    private static int failed(Exception e, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        err.println("tcpstack: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        if (LogLevel.stackTraces()) {
            e.printStackTrace(err);
        }
        err.flush();
        return EXIT_RUNTIME_ERROR;
    }

    /** Version from the build ({@code version.properties}, filtered by Maven). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"tcpstack " + p.getProperty("version", "unknown")};
        }
    }
}
