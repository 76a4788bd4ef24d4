package dev.distill.debian.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill.common.DistillException;
import dev.distill.testing.FixturePackage;
import dev.distill.testing.FixtureRepository;
import dev.distill.testing.TestKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our verdict on a file equals the real {@code gpgv}'s (read as apt reads it), for Debian's files and for files
 * signed here with keys that are good, unknown, expired, revoked or signed over other text.
 */
class GpgvCrossCheckTest {
    private static final String RELEASE = """
            Origin: Test
            Suite: trixie
            Codename: trixie
            Date: Sat, 21 Nov 2026 09:15:44 UTC
            SHA256:
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855        0 main/binary-amd64/Packages
            """;
    private static final Instant SIGNED_AT = Instant.parse("2026-11-21T09:16:00Z");

    @TempDir
    static Path tmp;
    private static TestKey ed25519;
    private static TestKey rsaWithSubkey;
    private static TestKey stranger;
    private static Path keyring;

    @BeforeAll
    static void keys() {
        ed25519 = TestKey.ed25519("Test Release Key <release@test.invalid>");
        rsaWithSubkey = TestKey.builder("Test Archive Key <archive@test.invalid>").rsa3072().signingSubkey().build();
        stranger = TestKey.ed25519("Stranger <stranger@test.invalid>");
        keyring = TestKey.writeKeyring(tmp.resolve("trusted.gpg"), ed25519, rsaWithSubkey);
    }

    @Test
    void realDebianFilesAreGoodForBoth() throws Exception {
        Path bundled = bundledKeyringFile();
        for (String name : new String[] {"trixie-InRelease", "trixie-security-InRelease"}) {
            byte[] file = RealInReleaseTest.resource(name);

            Gpgv.Verdict gpgv = Gpgv.verify(bundled, file, tmp);
            VerifiedRelease ours = new InReleaseVerifier(Keyring.bundled()).verify(file, name);

            assertThat(gpgv.good()).as(gpgv.status()).isTrue();
            assertThat(gpgv.validSigners()).contains(ours.signerFingerprint());
        }
    }

    @Test
    void realDebianFileWithOneChangedByteIsBadForBoth() throws Exception {
        byte[] file = RealInReleaseTest.resource("trixie-security-InRelease");
        int at = new String(file, StandardCharsets.ISO_8859_1).indexOf("Codename: ") + 10;
        file[at] ^= 1;

        assertSameVerdict(bundledKeyringFile(), Keyring.bundled(), file, false);
    }

    @Test
    void fixtureRepositoryInReleaseIsGoodForBothAndBadOnceAltered() throws Exception {
        FixtureRepository repo = FixtureRepository.builder()
                .add("trixie", FixturePackage.of("hello", "2.10-5", "amd64").file("/usr/bin/hello", "hi"))
                .build(tmp.resolve("repo"));
        byte[] inRelease = Files.readAllBytes(repo.path("dists/trixie/InRelease"));

        VerifiedRelease ours = assertSameVerdict(repo.keyringFile(), Keyring.load(repo.keyringFile()), inRelease, true)
                .orElseThrow();
        assertThat(ours.signedText()).isEqualTo(Files.readAllBytes(repo.path("dists/trixie/Release")));

        byte[] altered = new String(inRelease, StandardCharsets.UTF_8).replace("Codename: trixie", "Codename: trixif")
                .getBytes(StandardCharsets.UTF_8);
        assertSameVerdict(repo.keyringFile(), Keyring.load(repo.keyringFile()), altered, false);
    }

    @Test
    void rsaSubkeyAndEd25519SignaturesAreGoodForBoth() throws Exception {
        byte[] file = TestKey.clearsign(RELEASE, rsaWithSubkey.signing().at(SIGNED_AT), ed25519.signing().at(SIGNED_AT));

        VerifiedRelease ours = assertSameVerdict(keyring, Keyring.load(keyring), file, true).orElseThrow();

        assertThat(ours.signerFingerprint()).isEqualTo(rsaWithSubkey.fingerprint());
        assertThat(ours.signerUserId()).isEqualTo(rsaWithSubkey.userId());
        assertThat(ours.signedAt()).isEqualTo(SIGNED_AT);
        assertThat(ours.hashAlgorithm()).isEqualTo("SHA512");
        assertThat(new String(ours.signedText(), StandardCharsets.UTF_8)).isEqualTo(RELEASE);
    }

    @Test
    void dashEscapedLinesAndTrailingWhitespaceAreCanonicalisedLikeGpgv() throws Exception {
        String text = "-----BEGIN PGP SIGNATURE-----\nline with trailing blanks \t \n- dash\n\nFrom here\n\n";
        byte[] file = TestKey.clearsign(text, ed25519.signing());

        VerifiedRelease ours = assertSameVerdict(keyring, Keyring.load(keyring), file, true).orElseThrow();

        assertThat(new String(ours.signedText(), StandardCharsets.UTF_8))
                .isEqualTo("-----BEGIN PGP SIGNATURE-----\nline with trailing blanks\n- dash\n\nFrom here\n\n");
    }

    @Test
    void crlfLineEndingsVerifyLikeGpgv() throws Exception {
        byte[] file = new String(TestKey.clearsign(RELEASE, ed25519.signing()), StandardCharsets.UTF_8)
                .replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);

        VerifiedRelease ours = assertSameVerdict(keyring, Keyring.load(keyring), file, true).orElseThrow();

        assertThat(new String(ours.signedText(), StandardCharsets.UTF_8)).isEqualTo(RELEASE);
    }

    @Test
    void changedSignedTextIsBadForBoth() throws Exception {
        String signed = new String(TestKey.clearsign(RELEASE, ed25519.signing()), StandardCharsets.UTF_8);
        byte[] file = signed.replace("Suite: trixie", "Suite: trixiE").getBytes(StandardCharsets.UTF_8);

        assertSameVerdict(keyring, Keyring.load(keyring), file, false);
        assertThatThrownBy(() -> new InReleaseVerifier(Keyring.load(keyring)).verify(file, "http://127.0.0.1/x"))
                .hasMessage("InRelease from http://127.0.0.1/x has a bad signature by " + ed25519.fingerprint()
                        + " (" + ed25519.userId() + "): the file was altered or damaged");
    }

    @Test
    void aBadSignatureBesideAGoodOneIsRefusedByBoth() throws Exception {
        byte[] file = TestKey.clearsign(RELEASE, ed25519.signing(), rsaWithSubkey.signing().over("other text\n"));

        assertSameVerdict(keyring, Keyring.load(keyring), file, false);
    }

    @Test
    void unknownKeyAloneIsNotTrustedByEither() throws Exception {
        byte[] file = TestKey.clearsign(RELEASE, stranger.signing());

        assertSameVerdict(keyring, Keyring.load(keyring), file, false);
        assertThatThrownBy(() -> new InReleaseVerifier(Keyring.load(keyring)).verify(file, "src"))
                .hasMessage("InRelease from src is not signed by a trusted key (signed by " + stranger.fingerprint()
                        + "; add its key with --keyring)");
    }

    @Test
    void unknownKeyBesideAGoodOneIsIgnoredByBoth() throws Exception {
        byte[] file = TestKey.clearsign(RELEASE, stranger.signing(), ed25519.signing());

        VerifiedRelease ours = assertSameVerdict(keyring, Keyring.load(keyring), file, true).orElseThrow();

        assertThat(ours.signerFingerprint()).isEqualTo(ed25519.fingerprint());
    }

    @Test
    void keyExpiredAtSigningTimeIsRefusedByBoth() throws Exception {
        TestKey expired = TestKey.builder("Expired <expired@test.invalid>").createdAt(Instant.parse("2020-01-01T00:00:00Z"))
                .expiresAfter(Duration.ofDays(365)).build();
        Path expiredKeyring = expired.writePublicKeyring(tmp.resolve("expired.gpg"));
        byte[] file = TestKey.clearsign(RELEASE, expired.signing().at(Instant.parse("2022-06-01T00:00:00Z")));

        assertSameVerdict(expiredKeyring, Keyring.load(expiredKeyring), file, false);
        assertThatThrownBy(() -> new InReleaseVerifier(Keyring.load(expiredKeyring)).verify(file, "src"))
                .hasMessageContaining("is not accepted: key " + expired.primaryFingerprint()
                        + " expired on 2020-12-31T00:00:00Z, before the signature date 2022-06-01T00:00:00Z");
    }

    @Test
    void expiredSubkeyIsRefusedByBoth() throws Exception {
        TestKey expired = TestKey.builder("Expired sub <sub@test.invalid>").signingSubkey()
                .createdAt(Instant.parse("2020-01-01T00:00:00Z")).expiresAfter(Duration.ofDays(30)).build();
        Path expiredKeyring = expired.writePublicKeyring(tmp.resolve("expired-sub.gpg"));
        byte[] file = TestKey.clearsign(RELEASE, expired.signing().at(Instant.parse("2020-03-01T00:00:00Z")));

        assertSameVerdict(expiredKeyring, Keyring.load(expiredKeyring), file, false);
    }

    @Test
    void revokedKeyIsRefusedByBoth() throws Exception {
        TestKey revoked = TestKey.builder("Revoked <revoked@test.invalid>")
                .revokedAt(Instant.parse("2025-06-01T00:00:00Z")).build();
        Path revokedKeyring = revoked.writePublicKeyring(tmp.resolve("revoked.gpg"));
        byte[] file = TestKey.clearsign(RELEASE, revoked.signing().at(Instant.parse("2025-03-01T00:00:00Z")));

        assertSameVerdict(revokedKeyring, Keyring.load(revokedKeyring), file, false);
        assertThatThrownBy(() -> new InReleaseVerifier(Keyring.load(revokedKeyring)).verify(file, "src"))
                .hasMessageContaining("key " + revoked.primaryFingerprint()
                        + " was revoked on 2025-06-01T00:00:00Z (test revocation)");
    }

    @Test
    void revokedSubkeyIsRefusedByBoth() throws Exception {
        TestKey revoked = TestKey.builder("Revoked sub <revoked-sub@test.invalid>").signingSubkey()
                .subkeyRevokedAt(Instant.parse("2025-06-01T00:00:00Z")).build();
        Path revokedKeyring = revoked.writePublicKeyring(tmp.resolve("revoked-sub.gpg"));
        byte[] file = TestKey.clearsign(RELEASE, revoked.signing());

        assertSameVerdict(revokedKeyring, Keyring.load(revokedKeyring), file, false);
        assertThatThrownBy(() -> new InReleaseVerifier(Keyring.load(revokedKeyring)).verify(file, "src"))
                .hasMessageContaining("subkey " + revoked.fingerprint() + " was revoked");
    }

    @Test
    void sha1SignatureIsRefusedWithAMessageSayingSo() {
        byte[] file = TestKey.clearsign(RELEASE, ed25519.signing().hash(HashAlgorithmTags.SHA1));

        assertThatThrownBy(() -> new InReleaseVerifier(Keyring.load(keyring)).verify(file, "src"))
                .isInstanceOf(DistillException.class)
                .hasMessage("InRelease from src has no acceptable signature; the signature by " + ed25519.fingerprint()
                        + " (" + ed25519.userId() + ") is not accepted: it uses the weak hash algorithm SHA1"
                        + " (only SHA-256 or stronger is accepted)");
    }

    @Test
    void sha1SignatureBesideASha256OneIsIgnored() {
        byte[] file = TestKey.clearsign(RELEASE, ed25519.signing().hash(HashAlgorithmTags.SHA1),
                rsaWithSubkey.signing().hash(HashAlgorithmTags.SHA256));

        VerifiedRelease ours = new InReleaseVerifier(Keyring.load(keyring)).verify(file, "src");

        assertThat(ours.signerFingerprint()).isEqualTo(rsaWithSubkey.fingerprint());
        assertThat(ours.hashAlgorithm()).isEqualTo("SHA256");
    }

    @Test
    void signatureDatedBeforeTheKeyWasCreatedIsRefused() {
        byte[] file = TestKey.clearsign(RELEASE, ed25519.signing().at(Instant.parse("2024-01-01T00:00:00Z")));

        assertThatThrownBy(() -> new InReleaseVerifier(Keyring.load(keyring)).verify(file, "src"))
                .hasMessageContaining("key " + ed25519.primaryFingerprint()
                        + " was created on 2025-01-01T00:00:00Z, after the signature date 2024-01-01T00:00:00Z");
    }

    /** Asserts gpgv and we agree with {@code expectedGood}; returns our result when we accepted the file. */
    private static Optional<VerifiedRelease> assertSameVerdict(Path keyringFile, Keyring ourKeyring, byte[] file,
                                                               boolean expectedGood) throws Exception {
        Gpgv.Verdict gpgv = Gpgv.verify(keyringFile, file, tmp);
        Optional<VerifiedRelease> ours;
        try {
            ours = Optional.of(new InReleaseVerifier(ourKeyring).verify(file, "cross-check"));
        } catch (DistillException e) {
            ours = Optional.empty();
        }
        assertThat(gpgv.good()).as("gpgv's verdict:\n" + gpgv.status()).isEqualTo(expectedGood);
        assertThat(ours.isPresent()).as("our verdict").isEqualTo(expectedGood);
        return ours;
    }

    private static Path bundledKeyringFile() throws IOException {
        Path file = tmp.resolve("bundled.gpg");
        try (InputStream in = Keyring.class.getResourceAsStream("debian-archive-keyring.gpg")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }
}
