package dev.convometer.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convometer.topology.TopicNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml creates every topic the service needs and names only settings the service reads, commented ones too. */
class ComposeFileTest {
    private static final Pattern VARIABLE = Pattern.compile("(CONVO_METER_[A-Z_]+): *\"?([^\"\\n]*)\"?");

    @Test
    void shouldNameOnlySettingsTheServiceReadsWhenPricingVariablesAreUncommented() throws IOException {
        String compose = Files.readString(Path.of("docker-compose.yml"));
        Map<String, String> env = new LinkedHashMap<>();
        Matcher variable = VARIABLE.matcher(compose);
        while (variable.find()) {
            env.put(variable.group(1), variable.group(2).trim());
        }

        ServiceConfig config = ServiceConfig.load(null, env);

        assertThat(env).containsKeys("CONVO_METER_PRICING_ENABLED", "CONVO_METER_PRICING_COUNTRY_MARKETS_PATH",
                "CONVO_METER_PRICING_RATE_CARD_PATH");
        assertThat(config.warnings()).isEmpty();
        assertThat(config.pricingEnabled()).isTrue();
        assertThat(config.get("pricing.country-markets.path")).startsWith("/etc/convo-meter/pricing/");
    }

    @Test
    void shouldCreateEveryTopicAndBusinessAccountsCompactedInOnePartitionWhenTopicsAreCreated() throws IOException {
        String compose = Files.readString(Path.of("docker-compose.yml"));

        assertThat(TopicNames.DEFAULTS.all()).allSatisfy(topic -> assertThat(compose).containsPattern("[ -]" + topic + "[ ;\\\\\\n]"));
        assertThat(compose).containsPattern("--topic business-accounts --partitions 1 [^\\n]*--config cleanup.policy=compact");
    }
}
