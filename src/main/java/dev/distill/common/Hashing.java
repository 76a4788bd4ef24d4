package dev.distill.common;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and MD5 helpers over the JDK's {@link MessageDigest}. */
public final class Hashing {
    private Hashing() {
    }

    public static MessageDigest sha256() {
        return get("SHA-256");
    }

    public static MessageDigest md5() {
        return get("MD5");
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest get(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by the JDK specification", e);
        }
    }
}
