package dev.distill.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.bcpg.HashAlgorithmTags;

/**
 * One {@code dists/<name>/} of a {@link FixtureRepository}: its {@code Release} fields and how its {@code InRelease}
 * is signed. Defaults: Codename = name, Date = the repository's build time, no Valid-Until, architectures = every
 * concrete architecture the repository's packages use (amd64 when none), signed by the repository's key with SHA-512
 * at the Date.
 */
public final class FixtureSuite {
    private final String name;
    private final Map<String, String> extraFields = new LinkedHashMap<>();
    private final List<TestKey> signers = new ArrayList<>();
    private String codename;
    private String version;
    private Instant date;
    private Instant validUntil;
    private List<String> architectures;
    private int hashAlgorithm = HashAlgorithmTags.SHA512;

    private FixtureSuite(String name) {
        this.name = name;
        this.codename = name;
    }

    public static FixtureSuite named(String name) {
        return new FixtureSuite(name);
    }

    public FixtureSuite codename(String value) {
        codename = value;
        return this;
    }

    public FixtureSuite version(String value) {
        version = value;
        return this;
    }

    public FixtureSuite date(Instant value) {
        date = value;
        return this;
    }

    /** May lie in the past, for expired-index tests. */
    public FixtureSuite validUntil(Instant value) {
        validUntil = value;
        return this;
    }

    public FixtureSuite architectures(String... values) {
        architectures = List.of(values);
        return this;
    }

    /** Any other Release field, such as {@code No-Support-for-Architecture-all: Packages}. */
    public FixtureSuite field(String fieldName, String value) {
        extraFields.put(fieldName, value);
        return this;
    }

    /** Signs this suite's InRelease with these keys instead of the repository's (in this order). */
    public FixtureSuite signedBy(TestKey... keys) {
        signers.clear();
        signers.addAll(List.of(keys));
        return this;
    }

    /** Hash algorithm of the InRelease signatures, a {@link HashAlgorithmTags} value. */
    public FixtureSuite signatureHash(int algorithm) {
        hashAlgorithm = algorithm;
        return this;
    }

    public String name() {
        return name;
    }

    String codename() {
        return codename;
    }

    String version() {
        return version;
    }

    Instant date() {
        return date;
    }

    Instant validUntil() {
        return validUntil;
    }

    List<String> architectures() {
        return architectures;
    }

    Map<String, String> extraFields() {
        return extraFields;
    }

    List<TestKey> signers() {
        return signers;
    }

    int hashAlgorithm() {
        return hashAlgorithm;
    }
}
