/**
 * The command line (picocli): {@code ConvoMeter} the top level, one class per command ({@code RunCommand},
 * {@code LocalCommand}, {@code PublishCommand}, {@code ReplayCommand}, {@code GenerateCommand},
 * {@code StatementCommand}), each a {@code Subcommand} (its output streams and picocli spec), {@code ConfigOption} the
 * {@code --config} option of the commands that read the service settings, {@code PricingOptions} the pricing inputs of
 * replay and local, {@code LocalPrinter} what local prints and writes as outputs are committed, and {@code Cli}, the
 * shared error and help plumbing. A command parses its options and hands the work on.
 *
 * <p>May use {@code app.replay}, {@code app.local}, {@code app.statement}, {@code app.service}, {@code app.traffic},
 * {@code topology} and {@code domain}. Nothing else in the project uses it.
 */
package dev.convometer.app.cli;
