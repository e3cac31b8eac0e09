package dev.convometer.app.cli;

import dev.convometer.app.service.ServiceConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * What the commands share on top of picocli: usage errors as one line ({@code convo-meter COMMAND: message; usage:
 * SYNOPSIS}, exit status 2), ISO-8601 durations, and the help on the service settings the commands read.
 */
final class Cli {
    static final int USAGE = 2;

    private Cli() {
    }

    /**
     * {@code --name=value} as {@code --name value} for the options of the command {@code args} names that take a value:
     * the help shows options as {@code --name VALUE} (separator " "), and picocli then splits on nothing else.
     */
    static String[] splitAttachedValues(CommandLine top, String[] args) {
        CommandLine command = args.length == 0 ? null : top.getSubcommands().get(args[0]);
        if (command == null) {
            return args;
        }
        List<String> split = new java.util.ArrayList<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            OptionSpec option = arg.startsWith("--") && equals > 0 ? command.getCommandSpec().findOption(arg.substring(0, equals)) : null;
            if (option != null && option.arity().min() > 0 && equals < arg.length() - 1) {
                split.add(arg.substring(0, equals));
                split.add(arg.substring(equals + 1));
            } else {
                split.add(arg);
            }
        }
        return split.toArray(String[]::new);
    }

    /** A usage error of {@code spec}'s command, with a one-line message: reported like picocli's own, exit status 2. */
    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** picocli's parameter exception handler: one line on standard error, status 2. */
    static int reportUsageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        CommandSpec spec = command.getCommandSpec();
        String synopsis = command.getHelp().synopsis(0).replaceAll("\\s+", " ").strip();
        command.getErr().println(spec.qualifiedName() + ": " + message(e, spec) + "; usage: " + synopsis);
        command.getErr().flush();
        return USAGE;
    }

    private static String message(ParameterException e, CommandSpec spec) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            if (first.startsWith("-")) {
                int equals = first.indexOf('=');
                String name = equals > 0 ? first.substring(0, equals) : first;
                OptionSpec option = spec.findOption(name);
                if (option == null) {
                    return "unknown option " + name;
                }
                return "option " + name + (option.arity().max() == 0 ? " takes no value" : " needs a value") + ", was '" + first + "'";
            }
            return spec.parent() == null && !spec.subcommands().isEmpty()
                    ? "unknown command '" + first + "'" : "unexpected argument '" + first + "'";
        }
        if (e instanceof CommandLine.MissingParameterException missing && e.getMessage().startsWith("Missing required option")) {
            return "missing option " + missing.getMissing().stream().map(Cli::name).collect(Collectors.joining(", "));
        }
        if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
            return "option " + name(missing.getMissing().get(0)) + " needs a value";
        }
        String text = e.getMessage().lines().findFirst().orElse("");
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
    }

    /** {@code --max-lateness P2D}: an ISO-8601 duration ({@link Duration#parse}). */
    static final class IsoDuration implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "needs an ISO-8601 duration such as P2D or PT90M, was '" + value + "'");
            }
        }
    }

    /** {@code --start 2025-06-28T00:00:00Z}: an ISO-8601 instant ({@link Instant#parse}). */
    static final class IsoInstant implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "needs an ISO-8601 instant such as 2025-06-28T00:00:00Z, was '" + value + "'");
            }
        }
    }

    /**
     * The help's footer for a command that reads the service settings: each setting, its environment variable and its
     * default, in the order the sources apply; {@code ownKeys} are set by the command itself and not listed.
     */
    static String settingsFooter(List<String> ownKeys) {
        ServiceConfig defaults = ServiceConfig.load(null, Map.of());
        StringBuilder text = new StringBuilder(String.format("%nSettings: defaults, then the --config file, then"
                + " environment variables, then options; the later wins. A key's variable is CONVO_METER_ and the key"
                + " upper-cased, '.' and '-' as '_' (CONVO_METER_BOOTSTRAP_SERVERS). Keys and defaults:%n"));
        for (String key : ServiceConfig.knownKeys()) {
            if (!ownKeys.contains(key)) {
                String value = defaults.get(key);
                text.append(String.format("  %s=%s%n", key, value == null ? "" : value));
            }
        }
        text.append(String.format("  kafka.NAME=VALUE   passed to every Kafka client (CONVO_METER_KAFKA_NAME)%n"));
        text.append(String.format("  streams.NAME=VALUE passed to Kafka Streams (CONVO_METER_STREAMS_NAME)%n"));
        return text.toString().replace("%", "%%");
    }
}
