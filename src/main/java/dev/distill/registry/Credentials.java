package dev.distill.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A user name and password (or token) for a registry. */
public record Credentials(String username, String password) {

    public Credentials {
        if (username == null || password == null) {
            throw new IllegalArgumentException("credentials need both a user name and a password");
        }
    }

    /** The value of an HTTP {@code Authorization: Basic} header. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + username + "]";
    }
}
