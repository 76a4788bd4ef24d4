package dev.distill.registry;

import java.util.regex.Pattern;

/** Whether a host is this machine: the only place plain HTTP is used without the {@code insecure} option. */
final class Loopback {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(?:\\.\\d{1,3}){3}");

    private Loopback() {
    }

    /** {@code host} may carry a port ({@code 127.0.0.1:5000}, {@code [::1]:5000}). */
    static boolean isLoopback(String host) {
        String name = host;
        if (name.startsWith("[")) {
            name = name.substring(1, name.indexOf(']'));
        } else if (name.indexOf(':') == name.lastIndexOf(':') && name.contains(":")) {
            name = name.substring(0, name.indexOf(':'));
        }
        return name.equalsIgnoreCase("localhost") || name.equals("::1") || IPV4_LOOPBACK.matcher(name).matches();
    }
}
