package dev.distill.debian.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's own signed {@code InRelease} files (trixie and trixie-security) against the keys shipped in the jar. */
class RealInReleaseTest {
    /** Primary keys in the bundled keyring: the trixie archive key (RSA, signs with a subkey) and release key. */
    private static final String TRIXIE_ARCHIVE_KEY = "04B54C3CDCA79751B16BC6B5225629DF75B188BD";
    private static final String TRIXIE_ARCHIVE_SUBKEY = "B8E5F13176D2A7A75220028078DBA3BC47EF2265";
    private static final String TRIXIE_RELEASE_KEY = "41587F7DB8C774BCCF131416762F67A0B2C39DE4";

    @TempDir
    Path tmp;

    @Test
    void bundledKeysAcceptTrixie() throws IOException {
        byte[] file = resource("trixie-InRelease");

        VerifiedRelease release = new InReleaseVerifier(Keyring.bundled()).verify(file, "trixie fixture");

        assertThat(release.signedText()).isEqualTo(signedPartOf(file));
        String text = new String(release.signedText(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("Origin: Debian\nLabel: Debian\n").contains("\nCodename: trixie\n")
                .doesNotContain("PGP").endsWith("\n");
        assertThat(release.signerUserId()).startsWith("Debian Archive Automatic Signing Key");
        assertThat(release.signedAt()).isAfter(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(release.hashAlgorithm()).isIn("SHA256", "SHA512");
    }

    @Test
    void bundledKeysAcceptTrixieSecurity() throws IOException {
        byte[] file = resource("trixie-security-InRelease");

        VerifiedRelease release = new InReleaseVerifier(Keyring.bundled()).verify(file, "security fixture");

        assertThat(release.signedText()).isEqualTo(signedPartOf(file));
        assertThat(new String(release.signedText(), StandardCharsets.UTF_8)).contains("\nCodename: trixie-security\n");
        assertThat(release.signerUserId()).startsWith("Debian Security Archive Automatic Signing Key");
    }

    @Test
    void rsaSubkeySignatureAloneIsEnough() throws IOException {
        Keyring onlyArchiveKey = Keyring.load(bundledKeySubset(TRIXIE_ARCHIVE_KEY));

        VerifiedRelease release = new InReleaseVerifier(onlyArchiveKey).verify(resource("trixie-InRelease"), "x");

        assertThat(release.signerFingerprint()).isEqualTo(TRIXIE_ARCHIVE_SUBKEY);
        assertThat(release.signerUserId()).isEqualTo(
                "Debian Archive Automatic Signing Key (13/trixie) <ftpmaster@debian.org>");
    }

    @Test
    void ed25519SignatureAloneIsEnough() throws IOException {
        Keyring onlyReleaseKey = Keyring.load(bundledKeySubset(TRIXIE_RELEASE_KEY));

        VerifiedRelease release = new InReleaseVerifier(onlyReleaseKey).verify(resource("trixie-InRelease"), "x");

        assertThat(release.signerFingerprint()).isEqualTo(TRIXIE_RELEASE_KEY);
        assertThat(release.signerUserId()).startsWith("Debian Stable Release Key (13/trixie)");
    }

    @Test
    void oneChangedByteInTheSignedTextIsABadSignature() throws IOException {
        byte[] file = resource("trixie-InRelease");
        String text = new String(file, StandardCharsets.UTF_8);
        byte[] altered = text.replaceFirst("Codename: trixie", "Codename: trixif").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new InReleaseVerifier(Keyring.bundled()).verify(altered, "http://mirror.test/x"))
                .isInstanceOf(DistillException.class)
                .hasMessageStartingWith("InRelease from http://mirror.test/x has a bad signature by ")
                .hasMessageContaining("the file was altered")
                .extracting(e -> ((DistillException) e).exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    }

    @Test
    void signaturesByKeysOutsideTheKeyringAreNotTrusted() throws IOException {
        Keyring unrelated = Keyring.load(bundledKeySubset("1F89983E0081FDE018F3CC9673A4F27B8DD47936"));

        assertThatThrownBy(() -> new InReleaseVerifier(unrelated).verify(resource("trixie-InRelease"), "src"))
                .hasMessageStartingWith("InRelease from src is not signed by a trusted key (signed by ")
                .hasMessageContaining(TRIXIE_ARCHIVE_SUBKEY)
                .hasMessageContaining(TRIXIE_RELEASE_KEY)
                .hasMessageEndingWith("; add its key with --keyring)");
    }

    @Test
    void textBeforeTheSignedMessageIsRefused() throws IOException {
        byte[] file = resource("trixie-InRelease");
        byte[] prefixed = concat("Suite: evil\n".getBytes(StandardCharsets.US_ASCII), file);

        assertThatThrownBy(() -> new InReleaseVerifier(Keyring.bundled()).verify(prefixed, "src"))
                .hasMessage("InRelease from src is not a valid clearsigned file:"
                        + " it does not start with -----BEGIN PGP SIGNED MESSAGE-----");
    }

    @Test
    void textAfterTheSignatureIsRefused() throws IOException {
        byte[] file = resource("trixie-InRelease");
        byte[] suffixed = concat(file, "\nSuite: evil\n".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> new InReleaseVerifier(Keyring.bundled()).verify(suffixed, "src"))
                .hasMessageContaining("follows the signature and is not signed");
    }

    /** The bundled keyring with only the key whose primary fingerprint is given, written to a file. */
    private Path bundledKeySubset(String primaryFingerprint) throws IOException {
        try (InputStream in = Keyring.class.getResourceAsStream("debian-archive-keyring.gpg")) {
            var collection = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
            for (PGPPublicKeyRing ring : collection) {
                if (HexFormat.of().withUpperCase().formatHex(ring.getPublicKey().getFingerprint())
                        .equals(primaryFingerprint)) {
                    return Files.write(tmp.resolve(primaryFingerprint + ".gpg"), ring.getEncoded());
                }
            }
        } catch (org.bouncycastle.openpgp.PGPException e) {
            throw new IOException(e);
        }
        throw new AssertionError("the bundled keyring lacks " + primaryFingerprint);
    }

    /** What the signature covers, cut out by plain string search: the lines between the header and signature. */
    private static byte[] signedPartOf(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        int start = text.indexOf("\n\n") + 2;
        int end = text.indexOf("\n-----BEGIN PGP SIGNATURE-----") + 1;
        return text.substring(start, end).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = RealInReleaseTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
