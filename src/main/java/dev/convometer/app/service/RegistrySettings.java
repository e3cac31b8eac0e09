package dev.convometer.app.service;

import dev.convometer.topology.serde.RegistryCredentials;
import dev.convometer.topology.serde.SchemaRegistry;

/**
 * The schema registry the configuration names: {@code schema.registry.url}, and basic auth when
 * {@code schema.registry.basic.auth.credentials.source} is {@code USER_INFO}, with
 * {@code schema.registry.basic.auth.user.info} as {@code user:password} (Confluent's settings). The user info is a
 * secret: no message here repeats it.
 */
public final class RegistrySettings {
    static final String CREDENTIALS_SOURCE = "schema.registry.basic.auth.credentials.source";
    static final String USER_INFO = "schema.registry.basic.auth.user.info";

    private RegistrySettings() {
    }

    /** @throws ServiceConfig.Invalid for credentials that cannot be used, in one line */
    public static SchemaRegistry connect(ServiceConfig config) {
        return SchemaRegistry.forUrl(config.schemaRegistryUrl(), credentials(config));
    }

    static RegistryCredentials credentials(ServiceConfig config) {
        String source = config.get(CREDENTIALS_SOURCE);
        String userInfo = config.get(USER_INFO);
        if (source == null) {
            if (userInfo != null) {
                throw new ServiceConfig.Invalid(USER_INFO + " is set but " + CREDENTIALS_SOURCE
                        + " is not: set it to USER_INFO to send it");
            }
            return RegistryCredentials.NONE;
        }
        if (!source.equals("USER_INFO")) {
            throw new ServiceConfig.Invalid("invalid " + CREDENTIALS_SOURCE + " '" + source
                    + "': only USER_INFO is supported");
        }
        try {
            return RegistryCredentials.userInfo(userInfo);
        } catch (IllegalArgumentException e) {
            throw new ServiceConfig.Invalid("invalid " + USER_INFO + " (" + CREDENTIALS_SOURCE + " is USER_INFO): "
                    + e.getMessage());
        }
    }
}
