package dev.convometer.app.cli;

import dev.convometer.app.service.RegistrySettings;
import dev.convometer.app.service.ServiceConfig;
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
 * {@code publish --input FILE... [--config FILE] [--dead-letter FILE]}: re-bill history by writing it into the input
 * topics in replay's order, keyed by pair and stamped with event time.
 */
@Command(name = "publish", description = {"Write traffic files into the input topics in event-time order, to re-bill history.",
        "Events go in replay's order (O-ORDER) as Avro, keyed by pair, each record stamped with its event time."})
final class PublishCommand extends Subcommand {
    @Option(names = "--input", paramLabel = "FILE", required = true, description = "JSON Lines traffic file; repeat for more.")
    List<Path> inputs;

    @Mixin
    ConfigOption settings;

    @Option(names = "--dead-letter", paramLabel = "DEAD.jsonl", description = "Write the lines that are not valid events here.")
    Path deadLetters;

    PublishCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() {
        ServiceConfig config = settings.load();
        config.warnings().forEach(warning -> err.println("publish: warning: " + warning));
        try (Writer dead = deadLetters == null ? null
                : new BufferedWriter(Files.newBufferedWriter(deadLetters, StandardCharsets.UTF_8))) {
            TrafficFiles.Read read = TrafficFiles.readSorted(inputs, dead);
            err.printf("publish: %d events to publish, %d lines not published (dead letters)%n", read.events().size(), read.deadLetters());
            Topics topics = new Topics(config.topics(), RegistrySettings.connect(config));
            long published = new TrafficPublisher(config.clientProperties(), topics, err).publish(read.events());
            out.printf("published %d events to %s, %s, %s at %s%n", published, topics.inboundMessage.name(), topics.adClick.name(),
                    topics.outboundSend.name(), config.bootstrapServers());
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("convo-meter publish: " + e.getMessage());
            return 1;
        }
    }
}
