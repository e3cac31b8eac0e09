package dev.convometer.app.cli;

import dev.convometer.app.service.RegistrySettings;
import dev.convometer.app.service.ServiceConfig;
import dev.convometer.app.traffic.AccountFile;
import dev.convometer.app.traffic.OutputFiles;
import dev.convometer.app.traffic.TrafficFiles;
import dev.convometer.app.traffic.TrafficPublisher;
import dev.convometer.topology.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code publish [--accounts FILE...] [--input FILE...] [--config FILE] [--dead-letter FILE]}: re-bill history by
 * writing it into the input topics in replay's order, keyed by pair and stamped with event time; business accounts
 * first, into their topic, keyed by business_id (PRICING 7.10), so that a service that reads them prices with them.
 */
@Command(name = "publish", description = {"Write traffic files into the input topics in event-time order, to re-bill history.",
        "Events go in replay's order (O-ORDER) as Avro, keyed by pair, each record stamped with its event time.",
        "Business accounts (--accounts) go first, to the business-accounts topic, keyed by business_id."})
final class PublishCommand extends Subcommand {
    @Option(names = "--input", paramLabel = "FILE", description = "JSON Lines traffic file; repeat for more.")
    List<Path> inputs = List.of();

    @Option(names = "--accounts", paramLabel = "FILE", description = "Business accounts, JSON Lines (PRICING 7.2), published"
            + " before any event; repeat for more (a later line for a business replaces it). Invalid lines are dead letters.")
    List<Path> accounts = List.of();

    @Mixin
    ConfigOption settings;

    @Option(names = "--dead-letter", paramLabel = "DEAD.jsonl", description = "Write the lines that are not valid events"
            + " or accounts here.")
    Path deadLetters;

    PublishCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() {
        if (inputs.isEmpty() && accounts.isEmpty()) {
            throw Cli.usage(spec, "missing option --input (or --accounts)");
        }
        ServiceConfig config = settings.load();
        config.warnings().forEach(warning -> err.println("publish: warning: " + warning));
        try (Writer dead = deadLetters == null ? null
                : new BufferedWriter(Files.newBufferedWriter(deadLetters, StandardCharsets.UTF_8))) {
            TrafficFiles.requireReadable(accounts);
            AccountFile.Read read = AccountFile.readAll(accounts, dead);
            TrafficFiles.Read traffic = TrafficFiles.readSorted(inputs, dead);
            err.printf("publish: %d accounts and %d events to publish, %d lines not published (dead letters)%n",
                    read.histories().size(), traffic.events().size(), read.deadLetters() + traffic.deadLetters());
            Topics topics = new Topics(config.topics(), RegistrySettings.connect(config));
            TrafficPublisher publisher = new TrafficPublisher(config.clientProperties(), topics, err);
            // every account acknowledged before the first event: P-ACCOUNT-LIVE prices with what the service has read
            long published = read.histories().isEmpty() ? 0 : publisher.publishAccounts(read.histories().values());
            if (!accounts.isEmpty()) {
                out.printf("published %d accounts to %s at %s (%d lines not valid)%n", published, topics.businessAccounts.name(),
                        config.bootstrapServers(), read.deadLetters());
            }
            published = traffic.events().isEmpty() ? 0 : publisher.publish(traffic.events());
            if (!inputs.isEmpty()) {
                out.printf("published %d events to %s, %s, %s at %s (%d lines not valid)%n", published, topics.inboundMessage.name(),
                        topics.adClick.name(), topics.outboundSend.name(), config.bootstrapServers(), traffic.deadLetters());
            }
            return 0;
        } catch (IOException e) {
            err.println("convo-meter publish: " + OutputFiles.describe(e));
            return 1;
        } catch (RuntimeException e) {
            err.println("convo-meter publish: " + e.getMessage());
            return 1;
        }
    }
}
