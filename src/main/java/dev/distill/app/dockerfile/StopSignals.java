package dev.distill.app.dockerfile;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The signals STOPSIGNAL accepts on Linux, as Docker parses them: a number, or a name with or without SIG. */
final class StopSignals {
    private static final Set<String> NAMES = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL",
            "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM",
            "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN", "RTMAX");
    private static final Pattern REALTIME = Pattern.compile("RTMIN\\+([0-9]{1,2})|RTMAX-([0-9]{1,2})");
    private static final int REALTIME_OFFSETS_UP = 15;
    private static final int REALTIME_OFFSETS_DOWN = 14;

    private StopSignals() {
    }

    static boolean isValid(String signal) {
        if (signal.matches("[0-9]+")) {
            return signal.length() < 10 && Integer.parseInt(signal) != 0;
        }
        String name = signal.toUpperCase(Locale.ROOT);
        name = name.startsWith("SIG") ? name.substring(3) : name;
        if (NAMES.contains(name)) {
            return true;
        }
        Matcher matcher = REALTIME.matcher(name);
        if (!matcher.matches()) {
            return false;
        }
        String up = matcher.group(1);
        int offset = Integer.parseInt(up != null ? up : matcher.group(2));
        return offset >= 1 && offset <= (up != null ? REALTIME_OFFSETS_UP : REALTIME_OFFSETS_DOWN);
    }
}
