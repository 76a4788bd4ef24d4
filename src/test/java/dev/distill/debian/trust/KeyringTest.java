package dev.distill.debian.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill.common.DistillException;
import dev.distill.testing.HostTools;
import dev.distill.testing.TestKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTest {
    private static final String RELEASE = "Suite: trixie\n";

    @TempDir
    Path tmp;

    @Test
    void armouredKeyringIsReadLikeABinaryOne() throws IOException {
        TestKey key = TestKey.ed25519("Armoured <armoured@test.invalid>");
        Path armoured = Files.writeString(tmp.resolve("key.asc"), key.armoredPublicKeyring());

        VerifiedRelease release = new InReleaseVerifier(Keyring.load(armoured)).verify(key.clearsign(RELEASE), "src");

        assertThat(release.signerFingerprint()).isEqualTo(key.fingerprint());
    }

    @Test
    void unionTrustsTheKeysOfBoth() {
        TestKey first = TestKey.ed25519("First <first@test.invalid>");
        TestKey second = TestKey.ed25519("Second <second@test.invalid>");
        Keyring union = Keyring.load(first.writePublicKeyring(tmp.resolve("first.gpg")))
                .with(Keyring.load(second.writePublicKeyring(tmp.resolve("second.gpg"))));

        assertThat(new InReleaseVerifier(union).verify(first.clearsign(RELEASE), "a").signerFingerprint())
                .isEqualTo(first.fingerprint());
        assertThat(new InReleaseVerifier(union).verify(second.clearsign(RELEASE), "b").signerFingerprint())
                .isEqualTo(second.fingerprint());
    }

    @Test
    void userKeysAddToTheBundledOnes() throws IOException {
        TestKey own = TestKey.ed25519("Own archive <own@test.invalid>");
        Keyring keyring = Keyring.bundled().with(Keyring.load(own.writePublicKeyring(tmp.resolve("own.gpg"))));

        assertThat(new InReleaseVerifier(keyring).verify(own.clearsign(RELEASE), "own").signerFingerprint())
                .isEqualTo(own.fingerprint());
        assertThat(new InReleaseVerifier(keyring).verify(RealInReleaseTest.resource("trixie-InRelease"), "deb")
                .signerUserId()).contains("Debian");
    }

    @Test
    void revocationGivenInAnotherKeyringRevokesTheSameKey() throws Exception {
        TestKey key = TestKey.builder("Later revoked <later@test.invalid>")
                .revokedAt(Instant.parse("2025-06-01T00:00:00Z")).build();
        Path revoked = key.writePublicKeyring(tmp.resolve("revoked.gpg"));
        Path unrevoked = Files.write(tmp.resolve("unrevoked.gpg"), withoutRevocations(key.publicKeyring()));
        byte[] file = TestKey.clearsign(RELEASE, key.signing().at(Instant.parse("2025-03-01T00:00:00Z")));

        assertThat(new InReleaseVerifier(Keyring.load(unrevoked)).verify(file, "src").signerFingerprint())
                .isEqualTo(key.fingerprint());
        assertThatThrownBy(() -> new InReleaseVerifier(Keyring.load(unrevoked).with(Keyring.load(revoked)))
                .verify(file, "src"))
                .hasMessageContaining("key " + key.primaryFingerprint() + " was revoked");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = tmp.resolve("nope.gpg");

        assertThatThrownBy(() -> Keyring.load(missing))
                .isInstanceOf(DistillException.class)
                .hasMessage("keyring " + missing + " does not exist");
    }

    @Test
    void fileThatIsNoKeyringIsNamed() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "these are not keys\n");

        assertThatThrownBy(() -> Keyring.load(text))
                .hasMessageStartingWith("keyring " + text + " ");
    }

    @Test
    void emptyFileHoldsNoKeys() throws IOException {
        Path empty = Files.write(tmp.resolve("empty.gpg"), new byte[0]);

        assertThatThrownBy(() -> Keyring.load(empty)).hasMessage("keyring " + empty + " holds no public keys");
    }

    @Test
    void gnupgKeyboxAndSecretKeysAreRefusedWithAHint() throws Exception {
        HostTools.require("gpg");
        Path home = Files.createDirectory(tmp.resolve("gnupg"));
        gpg(home, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key",
                "Keybox <keybox@test.invalid>", "ed25519", "sign", "never");
        Path secret = tmp.resolve("secret.gpg");
        gpg(home, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--output", secret.toString(),
                "--export-secret-keys");

        assertThatThrownBy(() -> Keyring.load(home.resolve("pubring.kbx")))
                .hasMessageContaining("is a GnuPG keybox, not an OpenPGP keyring; export the keys with 'gpg --export");
        assertThatThrownBy(() -> Keyring.load(secret))
                .hasMessage("keyring " + secret + " holds a secret key; give a file with public keys only"
                        + " (gpg --export KEY-ID > keyring.gpg)");
    }

    private static byte[] withoutRevocations(byte[] keyring) throws IOException {
        PGPPublicKeyRing ring = new PGPPublicKeyRing(keyring, new BcKeyFingerprintCalculator());
        PGPPublicKey primary = ring.getPublicKey();
        for (Iterator<PGPSignature> it = primary.getSignaturesOfType(PGPSignature.KEY_REVOCATION); it.hasNext(); ) {
            primary = PGPPublicKey.removeCertification(primary, it.next());
        }
        return PGPPublicKeyRing.insertPublicKey(ring, primary).getEncoded();
    }

    private static void gpg(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--quiet"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(command + " failed:\n" + output);
        }
    }
}
