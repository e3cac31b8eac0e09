package dev.convometer.app;

import java.io.PrintStream;
import java.util.Arrays;

/** The command line: the service ({@code run}, {@code local}), re-billing ({@code replay}, {@code publish}), {@code generate}. */
public final class ConvoMeter {
    private static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar convo-meter.jar COMMAND [OPTIONS]",
            "  local     run everything on this machine: a Kafka broker, the service, the sample traffic",
            "            " + LocalCommand.USAGE.substring("usage: ".length()),
            "  run       run the billing service against a Kafka cluster",
            "            " + RunCommand.USAGE.substring("usage: ".length()),
            "  publish   write traffic files into the input topics in event-time order, to re-bill history",
            "            " + PublishCommand.USAGE.substring("usage: ".length()),
            "  replay    re-bill JSON Lines traffic files through the billing topology",
            "            " + ReplayCommand.USAGE.substring("usage: ".length()),
            "  generate  write synthetic traffic as JSON Lines to standard output",
            "            " + TrafficGenerator.USAGE.substring("usage: ".length()));

    private ConvoMeter() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "replay" -> ReplayCommand.run(rest, out, err);
            case "generate" -> TrafficGenerator.run(rest, out, err);
            case "local" -> LocalCommand.run(rest, out, err);
            case "run" -> RunCommand.run(rest, out, err);
            case "publish" -> PublishCommand.run(rest, out, err);
            default -> {
                err.println("convo-meter: unknown command '" + args[0] + "'");
                err.println(USAGE);
                yield 2;
            }
        };
    }
}
