package dev.convometer.topology.serde;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How the client authenticates to the registry: not at all, or HTTP basic auth with Confluent's {@code user:password}
 * user info. {@link #toString()} never shows the password, so a logged value leaks nothing.
 */
public final class RegistryCredentials {

    public static final RegistryCredentials NONE = new RegistryCredentials(null);

    private final String authorization;

    private RegistryCredentials(String authorization) {
        this.authorization = authorization;
    }

    /** Basic auth with {@code userInfo} as {@code user:password}, the format of {@code basic.auth.user.info}. */
    public static RegistryCredentials userInfo(String userInfo) {
        if (userInfo == null || userInfo.indexOf(':') < 1) {
            throw new IllegalArgumentException(userInfo == null ? "not set" : "not user:password");
        }
        return new RegistryCredentials(
                "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    /** The value of the Authorization header, or null for none. */
    String authorization() {
        return authorization;
    }

    @Override
    public String toString() {
        return authorization == null ? "no credentials" : "basic auth (user info hidden)";
    }
}
