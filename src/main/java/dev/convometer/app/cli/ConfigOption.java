package dev.convometer.app.cli;

import dev.convometer.app.service.ServiceConfig;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --config FILE}, a picocli mixin of the commands that read the service settings ({@code run}, {@code publish}):
 * the settings from that file and the environment.
 */
final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of settings (see Settings below).")
    Path file;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The service settings from the file (none without {@code --config}) and the environment; a bad one is a usage error. */
    ServiceConfig load() {
        try {
            return ServiceConfig.load(file, System.getenv());
        } catch (ServiceConfig.Invalid e) {
            throw Cli.usage(command, e.getMessage());
        }
    }
}
