package dev.distill.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.bcpg.sig.RevocationReasonTags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * An OpenPGP key made in the test with Bouncy Castle, able to clearsign text like Debian's archive software.
 * Options cover what verification must tell apart: RSA or Ed25519, a signing subkey, expiry, revocation.
 *
 * <pre>{@code
 * TestKey key = TestKey.builder("Test Archive <archive@test.invalid>").rsa3072().signingSubkey().build();
 * byte[] inRelease = TestKey.clearsign(releaseText, key.signing().at(time).hash(HashAlgorithmTags.SHA1));
 * key.writePublicKeyring(dir.resolve("keyring.gpg"));
 * }</pre>
 */
public final class TestKey {
    private static final Instant DEFAULT_CREATION = Instant.parse("2025-01-01T00:00:00Z");

    private final String userId;
    private final PGPPublicKeyRing publicRing;
    private final PGPKeyPair signingPair;

    private TestKey(String userId, PGPPublicKeyRing publicRing, PGPKeyPair signingPair) {
        this.userId = userId;
        this.publicRing = publicRing;
        this.signingPair = signingPair;
    }

    /** An Ed25519 key that signs with its primary key, created 2025-01-01, never expiring. */
    public static TestKey ed25519(String userId) {
        return builder(userId).build();
    }

    public static Builder builder(String userId) {
        return new Builder(userId);
    }

    public String userId() {
        return userId;
    }

    /** Fingerprint (upper-case hex) of the key that makes signatures: the signing subkey if there is one. */
    public String fingerprint() {
        return hex(signingPair.getPublicKey().getFingerprint());
    }

    public String primaryFingerprint() {
        return hex(publicRing.getPublicKey().getFingerprint());
    }

    /** The transferable public key in binary form, as in {@code /usr/share/keyrings/*.gpg}. */
    public byte[] publicKeyring() {
        try {
            return publicRing.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String armoredPublicKeyring() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            armored.write(publicKeyring());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Writes the binary public keys of all {@code keys} into one keyring file and returns it. */
    public static Path writeKeyring(Path file, TestKey... keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (TestKey key : keys) {
            out.writeBytes(key.publicKeyring());
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path writePublicKeyring(Path file) {
        return writeKeyring(file, this);
    }

    /** A SHA-512 signature made now; change it with {@link Signing#at}, {@link Signing#hash}, {@link Signing#over}. */
    public Signing signing() {
        return new Signing(this, Instant.now(), HashAlgorithmTags.SHA512, null);
    }

    public byte[] clearsign(String text) {
        return clearsign(text, signing());
    }

    /**
     * How one signature of a clearsigned file is made.
     *
     * @param textOverride when set, the text this signature really covers — a way to make a bad signature
     */
    public record Signing(TestKey key, Instant signedAt, int hashAlgorithm, String textOverride) {
        public Signing at(Instant time) {
            return new Signing(key, time, hashAlgorithm, textOverride);
        }

        public Signing hash(int algorithm) {
            return new Signing(key, signedAt, algorithm, textOverride);
        }

        public Signing over(String otherText) {
            return new Signing(key, signedAt, hashAlgorithm, otherText);
        }
    }

    /**
     * Produces an RFC 4880 cleartext-signed message of {@code text} (LF line endings) with one signature per
     * {@code signings} entry, in that order — the layout of Debian's {@code InRelease} files.
     */
    public static byte[] clearsign(String text, Signing... signings) {
        Set<String> hashNames = new LinkedHashSet<>();
        ByteArrayOutputStream signatures = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(signatures)) {
            for (Signing signing : signings) {
                hashNames.add(PGPUtil.getDigestName(signing.hashAlgorithm()));
                String signed = signing.textOverride() == null ? text : signing.textOverride();
                signing.key().sign(canonical(signed), signing).encode(armored);
            }
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("cannot clearsign", e);
        }
        StringBuilder out = new StringBuilder("-----BEGIN PGP SIGNED MESSAGE-----\n")
                .append("Hash: ").append(String.join(",", hashNames)).append("\n\n");
        for (String line : lines(text)) {
            out.append(line.startsWith("-") ? "- " : "").append(line).append('\n');
        }
        out.append(signatures.toString(StandardCharsets.US_ASCII));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private PGPSignature sign(byte[] canonicalText, Signing signing) throws PGPException {
        PGPPublicKey signer = signingPair.getPublicKey();
        PGPSignatureGenerator generator = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(signer.getAlgorithm(), signing.hashAlgorithm()), signer);
        generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, signingPair.getPrivateKey());
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setSignatureCreationTime(false, Date.from(signing.signedAt()));
        hashed.setIssuerFingerprint(false, signer);
        generator.setHashedSubpackets(hashed.generate());
        generator.update(canonicalText);
        return generator.generate();
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** What a cleartext signature covers: trailing spaces and tabs dropped, lines joined with CRLF. */
    private static byte[] canonical(String text) {
        List<String> stripped = lines(text).stream().map(line -> line.replaceAll("[ \\t]+$", "")).toList();
        return String.join("\r\n", stripped).getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /** Options of a {@link TestKey}; defaults: Ed25519, created 2025-01-01, no expiry, signs with the primary key. */
    public static final class Builder {
        private final String userId;
        private boolean rsa;
        private Instant created = DEFAULT_CREATION;
        private Duration validFor;
        private boolean signingSubkey;
        private Instant revokedAt;
        private Instant subkeyRevokedAt;

        private Builder(String userId) {
            this.userId = userId;
        }

        public Builder rsa3072() {
            rsa = true;
            return this;
        }

        public Builder createdAt(Instant time) {
            created = time;
            return this;
        }

        /** Key (and subkey) expiry, counted from creation. */
        public Builder expiresAfter(Duration lifetime) {
            validFor = lifetime;
            return this;
        }

        /** Certify-only primary key plus a subkey that signs, bound with a back-signature (as Debian's keys). */
        public Builder signingSubkey() {
            signingSubkey = true;
            return this;
        }

        /** Adds a "key compromised" revocation of the primary key, made at {@code time}. */
        public Builder revokedAt(Instant time) {
            revokedAt = time;
            return this;
        }

        /** Adds a revocation of the signing subkey, made at {@code time}. */
        public Builder subkeyRevokedAt(Instant time) {
            subkeyRevokedAt = time;
            return this;
        }

        public TestKey build() {
            try {
                return generate();
            } catch (PGPException | IOException e) {
                throw new IllegalStateException("cannot generate test key " + userId, e);
            }
        }

        private TestKey generate() throws PGPException, IOException {
            SecureRandom random = new SecureRandom();
            PGPKeyPair primaryPair = keyPair(random, created);
            PGPPublicKey primary = primaryPair.getPublicKey();
            PGPSignatureSubpacketGenerator selfSubpackets = subpackets(primary, created);
            selfSubpackets.setKeyFlags(false, signingSubkey ? KeyFlags.CERTIFY_OTHER
                    : KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            selfSubpackets.setPrimaryUserID(false, true);
            setExpiry(selfSubpackets);
            PGPSignature selfSignature = generator(primaryPair, PGPSignature.POSITIVE_CERTIFICATION, selfSubpackets)
                    .generateCertification(userId, primary);
            primary = PGPPublicKey.addCertification(primary, userId, selfSignature);
            if (revokedAt != null) {
                PGPSignatureSubpacketGenerator revocation = subpackets(primary, revokedAt);
                revocation.setRevocationReason(false, RevocationReasonTags.KEY_COMPROMISED, "test revocation");
                primary = PGPPublicKey.addCertification(primary,
                        generator(primaryPair, PGPSignature.KEY_REVOCATION, revocation).generateCertification(primary));
            }
            if (!signingSubkey) {
                PGPKeyPair signer = new PGPKeyPair(primary, primaryPair.getPrivateKey());
                return new TestKey(userId, new PGPPublicKeyRing(List.of(primary)), signer);
            }
            PGPKeyPair subPair = keyPair(random, created).asSubkey(new BcKeyFingerprintCalculator());
            PGPPublicKey subkey = subPair.getPublicKey();
            PGPSignature backSignature = generator(subPair, PGPSignature.PRIMARYKEY_BINDING, subpackets(subkey, created))
                    .generateCertification(primary, subkey);
            PGPSignatureSubpacketGenerator binding = subpackets(primary, created);
            binding.setKeyFlags(false, KeyFlags.SIGN_DATA);
            setExpiry(binding);
            binding.addEmbeddedSignature(false, backSignature);
            subkey = PGPPublicKey.addCertification(subkey,
                    generator(primaryPair, PGPSignature.SUBKEY_BINDING, binding).generateCertification(primary, subkey));
            if (subkeyRevokedAt != null) {
                PGPSignatureSubpacketGenerator revocation = subpackets(primary, subkeyRevokedAt);
                revocation.setRevocationReason(false, RevocationReasonTags.KEY_COMPROMISED, "test revocation");
                subkey = PGPPublicKey.addCertification(subkey,
                        generator(primaryPair, PGPSignature.SUBKEY_REVOCATION, revocation)
                                .generateCertification(primary, subkey));
            }
            return new TestKey(userId, new PGPPublicKeyRing(List.of(primary, subkey)),
                    new PGPKeyPair(subkey, subPair.getPrivateKey()));
        }

        private PGPKeyPair keyPair(SecureRandom random, Instant time) throws PGPException {
            AsymmetricCipherKeyPair pair;
            int algorithm;
            if (rsa) {
                RSAKeyPairGenerator rsaGenerator = new RSAKeyPairGenerator();
                rsaGenerator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), random, 3072, 100));
                pair = rsaGenerator.generateKeyPair();
                algorithm = PublicKeyAlgorithmTags.RSA_GENERAL;
            } else {
                Ed25519KeyPairGenerator edGenerator = new Ed25519KeyPairGenerator();
                edGenerator.init(new Ed25519KeyGenerationParameters(random));
                pair = edGenerator.generateKeyPair();
                algorithm = PublicKeyAlgorithmTags.EDDSA_LEGACY;
            }
            return new BcPGPKeyPair(PublicKeyPacket.VERSION_4, algorithm, pair, Date.from(time));
        }

        private PGPSignatureSubpacketGenerator subpackets(PGPPublicKey issuer, Instant time) {
            PGPSignatureSubpacketGenerator subpackets = new PGPSignatureSubpacketGenerator();
            subpackets.setSignatureCreationTime(false, Date.from(time));
            subpackets.setIssuerFingerprint(false, issuer);
            return subpackets;
        }

        private void setExpiry(PGPSignatureSubpacketGenerator selfSignature) {
            if (validFor != null) {
                selfSignature.setKeyExpirationTime(false, validFor.toSeconds());
            }
        }

        private static PGPSignatureGenerator generator(PGPKeyPair signer, int type,
                                                       PGPSignatureSubpacketGenerator hashed) throws PGPException {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(signer.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512),
                    signer.getPublicKey());
            generator.init(type, signer.getPrivateKey());
            generator.setHashedSubpackets(hashed.generate());
            return generator;
        }
    }
}
