package dev.convometer.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The operations guide documents every setting the service reads, so that the two cannot drift apart. */
class OperationsGuideTest {

    @Test
    void shouldDocumentEverySettingWithItsVariableWhenTheServiceReadsIt() throws IOException {
        String guide = Files.readString(Path.of("docs", "operations.md"));

        assertThat(SettingKeys.known()).isNotEmpty().allSatisfy(key -> assertThat(guide)
                .as("docs/operations.md documents %s", key)
                .contains("`" + key + "`")
                .contains(SettingKeys.environmentName(key)));
    }
}
