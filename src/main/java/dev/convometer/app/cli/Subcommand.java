package dev.convometer.app.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command of {@link ConvoMeter} has: the streams it writes to, and its picocli spec, for usage errors
 * ({@link Cli#usage}). {@link #call()} runs the command once picocli has set its options, and returns its exit status.
 */
abstract class Subcommand implements Callable<Integer> {
    final PrintStream out;
    final PrintStream err;

    @Spec
    CommandSpec spec;

    Subcommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }
}
