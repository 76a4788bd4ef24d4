package dev.distill.layers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code /etc/passwd}, {@code /etc/group} and their shadow files, as base-passwd and adduser would leave them. */
public final class Users {
    public static final int NONROOT = 65532;
    public static final int NOBODY = 65534;
    private static final String NONROOT_PASSWD = "nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin";
    private static final String NONROOT_GROUP = "nonroot:x:65532:";

    private Users() {
    }

    /** The runtime image's users: root, nonroot and nobody, none of whom can log in. */
    public static String runtimePasswd() {
        return "root:x:0:0:root:/root:/usr/sbin/nologin\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
                + NONROOT_PASSWD + "\n";
    }

    public static String runtimeGroup() {
        return "root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n";
    }

    /** base-passwd's master file with shadowed passwords ({@code *} → {@code x}), plus nonroot. */
    public static String devPasswd(byte[] passwdMaster) {
        List<String> lines = new ArrayList<>();
        for (String line : lines(passwdMaster)) {
            String[] f = line.split(":", -1);
            if (f.length >= 7) {
                f[1] = "x";
                lines.add(String.join(":", f));
            }
        }
        lines.add(NONROOT_PASSWD);
        return String.join("\n", lines) + "\n";
    }

    public static String devGroup(byte[] groupMaster) {
        List<String> lines = new ArrayList<>();
        for (String line : lines(groupMaster)) {
            String[] f = line.split(":", -1);
            if (f.length >= 4) {
                f[1] = "x";
                lines.add(String.join(":", f));
            }
        }
        lines.add(NONROOT_GROUP);
        return String.join("\n", lines) + "\n";
    }

    /** {@code /etc/shadow} for the users of a passwd file: locked passwords, changed on {@code day}. */
    public static String shadow(String passwd, long day) {
        StringBuilder out = new StringBuilder();
        for (String line : passwd.split("\n")) {
            out.append(line, 0, line.indexOf(':')).append(":*:").append(day).append(":0:99999:7:::\n");
        }
        return out.toString();
    }

    public static String gshadow(String group) {
        StringBuilder out = new StringBuilder();
        for (String line : group.split("\n")) {
            out.append(line, 0, line.indexOf(':')).append(":*::\n");
        }
        return out.toString();
    }

    private static List<String> lines(byte[] content) {
        List<String> out = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.strip());
            }
        }
        return out;
    }
}
