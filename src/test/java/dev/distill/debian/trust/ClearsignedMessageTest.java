package dev.distill.debian.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.testing.TestKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The cleartext framing: what is signed, and which malformed files are refused before any key is consulted. */
class ClearsignedMessageTest {
    private static final TestKey KEY = TestKey.ed25519("Framing <framing@test.invalid>");
    private static final String SIGNED = new String(KEY.clearsign("Suite: trixie\n- dashed\n"), StandardCharsets.UTF_8);

    @Test
    void signedTextAndCanonicalFormAreSeparated() {
        ClearsignedMessage message = ClearsignedMessage.parse(bytes(SIGNED), "src");

        assertThat(new String(message.signedText(), StandardCharsets.UTF_8)).isEqualTo("Suite: trixie\n- dashed\n");
        assertThat(new String(message.canonicalText(), StandardCharsets.UTF_8)).isEqualTo("Suite: trixie\r\n- dashed");
        assertThat(message.signatures()).hasSize(1);
    }

    @Test
    void lineStartingWithAnUnescapedDashIsRefused() {
        String file = SIGNED.replace("Suite: trixie\n", "Suite: trixie\n-unescaped\n");

        assertRefused(file, "line 5 starts with '-' but is not dash-escaped");
    }

    @Test
    void armorHeaderOtherThanHashIsRefused() {
        String file = SIGNED.replaceFirst("Hash: SHA512\n", "Hash: SHA512\nComment: hidden\n");

        assertRefused(file, "line 3 is not a 'Hash:' armor header");
    }

    @Test
    void missingSignatureBlockIsRefused() {
        String file = SIGNED.substring(0, SIGNED.indexOf("-----BEGIN PGP SIGNATURE-----"));

        assertRefused(file, "it has no -----BEGIN PGP SIGNATURE----- line");
    }

    @Test
    void unterminatedSignatureBlockIsRefused() {
        String file = SIGNED.substring(0, SIGNED.indexOf("-----END PGP SIGNATURE-----"));

        assertRefused(file, "its signature block has no -----END PGP SIGNATURE----- line");
    }

    @Test
    void damagedArmorIsRefused() {
        int body = SIGNED.indexOf("-----BEGIN PGP SIGNATURE-----") + "-----BEGIN PGP SIGNATURE-----\n\n".length();
        String file = SIGNED.substring(0, body) + "!!!!" + SIGNED.substring(body + 4);

        assertThatThrownBy(() -> ClearsignedMessage.parse(bytes(file), "src"))
                .hasMessageStartingWith("InRelease from src is not a valid clearsigned file:"
                        + " its signature block cannot be read");
    }

    private static void assertRefused(String file, String detail) {
        assertThatThrownBy(() -> ClearsignedMessage.parse(bytes(file), "src"))
                .isInstanceOf(DistillException.class)
                .hasMessage("InRelease from src is not a valid clearsigned file: " + detail)
                .extracting(e -> ((DistillException) e).exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
