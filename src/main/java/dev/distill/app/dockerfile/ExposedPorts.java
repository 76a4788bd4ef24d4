package dev.distill.app.dockerfile;

import dev.distill.common.DistillException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** EXPOSE specifications ({@code 80}, {@code 80/tcp}, {@code 53/udp}, {@code 8000-8010}) as {@code port/protocol}. */
final class ExposedPorts {
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");
    private static final int MAX_PORT = 65535;

    private ExposedPorts() {
    }

    static List<String> parse(String spec) {
        if (spec.contains(":")) {
            throw new DistillException("EXPOSE " + spec + ": EXPOSE takes container ports (80, 80/tcp, 53/udp, "
                    + "8000-8010); host addresses and mappings belong to docker run -p");
        }
        int slash = spec.indexOf('/');
        String ports = slash < 0 ? spec : spec.substring(0, slash);
        String protocol = slash < 0 || slash == spec.length() - 1 ? "tcp"
                : spec.substring(slash + 1).toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new DistillException("EXPOSE " + spec + ": unknown protocol " + protocol + "; use tcp, udp or sctp");
        }
        int dash = ports.indexOf('-');
        int first = port(spec, dash < 0 ? ports : ports.substring(0, dash));
        int last = dash < 0 ? first : port(spec, ports.substring(dash + 1));
        if (last < first) {
            throw new DistillException("EXPOSE " + spec + ": the range ends before it starts");
        }
        List<String> result = new ArrayList<>();
        for (int port = first; port <= last; port++) {
            result.add(port + "/" + protocol);
        }
        return result;
    }

    private static int port(String spec, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= MAX_PORT && !text.startsWith("+")) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DistillException("EXPOSE " + spec + ": \"" + text + "\" is not a port number from 0 to 65535");
    }
}
