package dev.distill.container;

import dev.distill.common.DistillException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The users and groups of a root file system's {@code /etc/passwd} and {@code /etc/group}, for resolving an image's
 * {@code User} the way Docker does: {@code uid}, {@code uid:gid}, {@code name}, {@code name:group} (numbers need
 * no entry; a name must have one), supplementary groups from the group file's member lists, and the home directory
 * from the passwd entry ({@code /} when there is none).
 */
public final class UserDatabase {
    private final String source;
    private final List<Account> accounts;
    private final List<Group> groups;

    private record Account(String name, int uid, int gid, String home) {
    }

    private record Group(String name, int gid, List<String> members) {
    }

    private UserDatabase(String source, List<Account> accounts, List<Group> groups) {
        this.source = source;
        this.accounts = accounts;
        this.groups = groups;
    }

    /** Reads the files of {@code rootfs}, following its symlinks only inside it; missing files are empty. */
    public static UserDatabase read(Path rootfs) {
        List<Account> accounts = new ArrayList<>();
        for (String[] fields : records(rootfs, "/etc/passwd", 7)) {
            parseId(fields[2]).ifPresent(uid -> accounts.add(
                    new Account(fields[0], uid, parseId(fields[3]).orElse(0), fields[5])));
        }
        List<Group> groups = new ArrayList<>();
        for (String[] fields : records(rootfs, "/etc/group", 4)) {
            List<String> members = fields[3].isEmpty() ? List.of() : List.of(fields[3].split(","));
            parseId(fields[2]).ifPresent(gid -> groups.add(new Group(fields[0], gid, members)));
        }
        return new UserDatabase(rootfs.toString(), accounts, groups);
    }

    /** Resolves a {@code User} value; empty or null means root. */
    public ProcessUser resolve(String user) {
        String spec = user == null ? "" : user.trim();
        String userPart = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        String groupPart = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : null;
        if (userPart.isEmpty()) {
            userPart = "0";
        }
        Optional<Integer> numericUid = parseId(userPart);
        String name = userPart;
        Optional<Account> account = numericUid.isPresent()
                ? accounts.stream().filter(a -> a.uid() == numericUid.get()).findFirst()
                : accounts.stream().filter(a -> a.name().equals(name)).findFirst();
        if (numericUid.isEmpty() && account.isEmpty()) {
            throw new DistillException("user '" + name + "' (from User '" + spec + "') is not in "
                    + source + "/etc/passwd; use a numeric id or add the user to the image");
        }
        int uid = numericUid.orElseGet(() -> account.get().uid());
        int gid = groupPart == null || groupPart.isEmpty()
                ? account.map(Account::gid).orElse(0)
                : groupId(groupPart, spec);
        List<Integer> additional = account.isEmpty() ? List.of() : groups.stream()
                .filter(g -> g.members().contains(account.get().name()) && g.gid() != gid)
                .map(Group::gid).distinct().toList();
        String home = account.map(Account::home).filter(h -> !h.isEmpty()).orElse("/");
        return new ProcessUser(uid, gid, additional, home);
    }

    private int groupId(String group, String spec) {
        Optional<Integer> numeric = parseId(group);
        if (numeric.isPresent()) {
            return numeric.get();
        }
        return groups.stream().filter(g -> g.name().equals(group)).map(Group::gid).findFirst()
                .orElseThrow(() -> new DistillException("group '" + group + "' (from User '" + spec + "') is not in "
                        + source + "/etc/group; use a numeric id or add the group to the image"));
    }

    private static List<String[]> records(Path rootfs, String file, int fieldCount) {
        try {
            Path path = RootfsPaths.resolveInRoot(rootfs, file);
            if (!Files.isRegularFile(path)) {
                return List.of();
            }
            List<String[]> records = new ArrayList<>();
            for (String line : new String(Files.readAllBytes(path), StandardCharsets.UTF_8).split("\n")) {
                String[] fields = line.split(":", -1);
                if (fields.length >= fieldCount && !line.startsWith("#")) {
                    records.add(fields);
                }
            }
            return records;
        } catch (IOException e) {
            throw new DistillException("cannot read " + file + " in " + rootfs + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Integer> parseId(String text) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 10) {
            return Optional.empty();
        }
        long id = Long.parseLong(text);
        return id <= Integer.MAX_VALUE ? Optional.of((int) id) : Optional.empty();
    }
}
