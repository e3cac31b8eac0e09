package dev.convometer.app;

import dev.convometer.topology.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code publish --input FILE... [--config FILE] [--dead-letter FILE]}: re-bill history by writing it into the input
 * topics in replay's order, keyed by pair and stamped with event time.
 */
final class PublishCommand {
    static final String USAGE = "usage: convo-meter publish --input FILE [--input FILE ...] [--config FILE] [--dead-letter DEAD.jsonl]";
    private static final Set<String> OPTIONS = Set.of("--input", "--config", "--dead-letter");

    private PublishCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> inputs;
        ServiceConfig config;
        String deadLetters;
        try {
            CommandLine options = new CommandLine(args, OPTIONS);
            inputs = options.all("--input").stream().map(Path::of).toList();
            if (inputs.isEmpty()) {
                throw new CommandLine.UsageException("missing option --input");
            }
            String file = options.optional("--config");
            config = ServiceConfig.load(file == null ? null : Path.of(file), System.getenv());
            deadLetters = options.optional("--dead-letter");
            config.warnings().forEach(warning -> err.println("publish: warning: " + warning));
        } catch (CommandLine.UsageException | ServiceConfig.Invalid e) {
            err.println("convo-meter publish: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (Writer dead = deadLetters == null ? null
                : new BufferedWriter(Files.newBufferedWriter(Path.of(deadLetters), StandardCharsets.UTF_8))) {
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
