package dev.convometer.app.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The command line: the service ({@code run}, {@code local}), re-billing ({@code replay}, {@code publish}),
 * {@code generate}, the totals of priced records ({@code statement}); one class a command. Exit status 0 when done, 1
 * on a failure, 2 on a usage error, each error one line on standard error ({@code convo-meter COMMAND: message});
 * {@code --help} prints the usage to standard output.
 */
@Command(name = "convo-meter", synopsisHeading = "usage: ", customSynopsis = "convo-meter [-h] COMMAND [OPTIONS]",
        description = {"Bills WhatsApp Business conversations: a Kafka Streams service, and the same billing re-run on"
                + " files (replay) or through Kafka (publish)."},
        commandListHeading = "%nCommands:%n", footer = {"%nconvo-meter COMMAND --help shows the options of a command."})
public final class ConvoMeter implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    private final PrintStream err;

    private ConvoMeter(PrintStream err) {
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command {@code args} name; returns its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new ConvoMeter(err))
                .addSubcommand(new LocalCommand(out, err))
                .addSubcommand(new RunCommand(out, err))
                .addSubcommand(new PublishCommand(out, err))
                .addSubcommand(new ReplayCommand(out, err))
                .addSubcommand(new GenerateCommand(out, err))
                .addSubcommand(new StatementCommand(out, err));
        cli.setSeparator(" ");
        cli.setUsageHelpWidth(100);
        for (CommandLine command : cli.getSubcommands().values()) {
            command.getCommandSpec().usageMessage().synopsisHeading("usage: ").sortOptions(false).sortSynopsis(false);
        }
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cli.setParameterExceptionHandler(Cli::reportUsageError);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e);
            return 1;
        });
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, ConvoMeter::commandList);
        for (String command : new String[] {"local", "run", "publish"}) {
            CommandSpec sub = cli.getSubcommands().get(command).getCommandSpec();
            sub.usageMessage().footer(Cli.settingsFooter(command.equals("local") ? LocalCommand.OWN_SETTINGS : java.util.List.of()));
        }
        try {
            return cli.execute(Cli.splitAttachedValues(cli, helpAsOption(args)));
        } catch (NoClassDefFoundError e) {
            // the service jar leaves out what only `local` and (until it no longer needs it) `replay` use
            err.println("convo-meter: this jar lacks " + e.getMessage() + "; the full jar, convo-meter.jar, has every command");
            return 1;
        }
    }

    /** {@code help} and {@code help COMMAND} as {@code --help} and {@code COMMAND --help}. */
    private static String[] helpAsOption(String[] args) {
        if (args.length == 1 && args[0].equals("help")) {
            return new String[] {"--help"};
        }
        if (args.length == 2 && args[0].equals("help")) {
            return new String[] {args[1], "--help"};
        }
        return args;
    }

    /** Without a command: the usage on standard error, status 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return Cli.USAGE;
    }

    /** Each command with its description and its synopsis. */
    private static String commandList(Help help) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Help> command : help.subcommands().entrySet()) {
            Help sub = command.getValue();
            text.append(String.format("  %-9s %s%n", command.getKey(), sub.commandSpec().usageMessage().description()[0]));
            text.append("            ").append(sub.synopsis(12));
        }
        return text.toString();
    }
}
