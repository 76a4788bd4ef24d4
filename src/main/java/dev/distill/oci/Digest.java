package dev.distill.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.distill.common.DistillException;
import dev.distill.common.Hashing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:4f2a…}. Only SHA-256 is produced; SHA-512 is accepted when read. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA512 = Pattern.compile("[0-9a-f]{128}");

    public Digest {
        boolean valid = switch (algorithm) {
            case "sha256" -> SHA256.matcher(hex).matches();
            case "sha512" -> SHA512.matcher(hex).matches();
            default -> false;
        };
        if (!valid) {
            throw new DistillException("not a valid digest: " + algorithm + ":" + hex);
        }
    }

    @JsonCreator
    public static Digest parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new DistillException("not a valid digest: " + text);
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest sha256(byte[] content) {
        return new Digest("sha256", Hashing.sha256Hex(content));
    }

    public static Digest sha256Hex(String hex) {
        return new Digest("sha256", hex);
    }

    /** A fresh hasher of this digest's algorithm, to check content against it. */
    public MessageDigest newHasher() {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha512") ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK provides " + algorithm, e);
        }
    }

    /** The first 12 hex digits, as registries and Docker print them. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    // Written out: a record's generated equals and hashCode are bootstrapped at run time, which costs a no-op
    // build (where digests are compared first) more than the comparison itself.
    @Override
    public boolean equals(Object other) {
        return other instanceof Digest d && hex.equals(d.hex) && algorithm.equals(d.algorithm);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }
}
