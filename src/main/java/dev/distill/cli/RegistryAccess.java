package dev.distill.cli;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.registry.CredentialResolver;
import dev.distill.registry.Credentials;
import dev.distill.registry.RegistryOptions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** How a command reaches registries: plain HTTP beyond this machine, and credentials given on the command line. */
final class RegistryAccess {
    @Option(names = "--insecure",
            description = "Plain HTTP to every registry, not only to loopback ones: for a registry you trust.")
    boolean insecure;

    @Option(names = "--username", paramLabel = "USER", description = "Registry user name, with --password-stdin. "
            + "Default: " + CredentialResolver.USER_VARIABLE + " and " + CredentialResolver.PASSWORD_VARIABLE
            + ", else ~/.docker/config.json.")
    String username;

    @Option(names = "--password-stdin", description = "Read the registry password (or token) from standard input.")
    boolean passwordStdin;

    RegistryOptions options() {
        return RegistryOptions.defaults().withInsecure(insecure);
    }

    /** The credentials given on the command line, or null. */
    Credentials credentials(Console console) {
        if (username == null && !passwordStdin) {
            return null;
        }
        if (username == null) {
            throw new DistillException(ExitCode.USAGE, "--password-stdin needs --username");
        }
        if (!passwordStdin) {
            throw new DistillException(ExitCode.USAGE, "--username needs --password-stdin: the password is read "
                    + "from standard input, never from the command line (which other users can see)");
        }
        String password;
        try {
            password = new String(console.in().readAllBytes(), StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
        } catch (IOException e) {
            throw new DistillException("cannot read the password from standard input: " + e.getMessage(), e);
        }
        if (password.isEmpty()) {
            throw new DistillException(ExitCode.USAGE, "--password-stdin: standard input held no password");
        }
        return new Credentials(username, password);
    }
}
