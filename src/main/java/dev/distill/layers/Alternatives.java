package dev.distill.layers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code update-alternatives} without running it: the {@code --install} calls are read from postinst scripts, with
 * the script's constants and {@code for} loops over known words expanded ({@link MaintainerScript}); a call whose
 * link, name, path or priority still depends on the shell is skipped (a spec can add links by hand). For each
 * alternative the highest priority whose target is installed wins, as in automatic mode.
 */
public final class Alternatives {
    private Alternatives() {
    }

    /** The {@code --install} calls of a maintainer script. */
    public static List<InstalledPackage.Alternative> parse(String script) {
        List<InstalledPackage.Alternative> found = new ArrayList<>();
        if (script == null) {
            return found;
        }
        for (List<String> command : MaintainerScript.commands(script)) {
            int at = command.indexOf("update-alternatives");
            if (at < 0) {
                continue;
            }
            List<String> args = command.subList(at + 1, command.size());
            int install = args.indexOf("--install");
            if (install < 0 || install + 4 >= args.size()) {
                continue;
            }
            List<String> main = args.subList(install + 1, install + 5);
            if (main.stream().anyMatch(MaintainerScript::dynamic) || !main.get(3).matches("-?\\d+")) {
                continue;
            }
            List<InstalledPackage.Alternative.Slave> slaves = new ArrayList<>();
            int i = install + 5;
            while (i < args.size()) {
                if (args.get(i).equals("--slave") && i + 3 < args.size()) {
                    List<String> slave = args.subList(i + 1, i + 4);
                    if (slave.stream().noneMatch(MaintainerScript::dynamic)) {
                        slaves.add(new InstalledPackage.Alternative.Slave(merged(slave.get(0)), slave.get(1),
                                merged(slave.get(2))));
                    }
                    i += 4;
                } else {
                    i++;
                }
            }
            found.add(new InstalledPackage.Alternative(merged(main.get(0)), main.get(1), merged(main.get(2)),
                    Integer.parseInt(main.get(3)), List.copyOf(slaves)));
        }
        return found;
    }

    /** For each alternative name, the install with the highest priority whose target exists. */
    public static List<InstalledPackage.Alternative> choose(List<InstalledPackage.Alternative> all, Set<String> existing) {
        Map<String, InstalledPackage.Alternative> best = new HashMap<>();
        for (InstalledPackage.Alternative a : all) {
            if (!existing.contains(stripSlash(a.path()))) {
                continue;
            }
            InstalledPackage.Alternative current = best.get(a.name());
            if (current == null || a.priority() > current.priority()
                    || (a.priority() == current.priority() && a.path().compareTo(current.path()) < 0)) {
                best.put(a.name(), a);
            }
        }
        List<InstalledPackage.Alternative> chosen = new ArrayList<>(best.values());
        chosen.sort(Comparator.comparing(InstalledPackage.Alternative::name));
        return chosen;
    }

    /** An absolute path as it is in a merged-/usr image ({@code /lib/cpp} → {@code /usr/lib/cpp}). */
    private static String merged(String path) {
        return path.startsWith("/") ? "/" + PathPolicy.mergedUsr(path.substring(1)) : path;
    }

    static String stripSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
