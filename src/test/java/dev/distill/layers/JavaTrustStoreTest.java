package dev.distill.layers;

import dev.distill.common.DistillException;
import dev.distill.testing.Processes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JKS trust store written by hand, read back by the JDK's own JKS implementation and by keytool. */
class JavaTrustStoreTest {
    private static final long EPOCH = 1_760_000_000L;
    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

    @TempDir
    static Path dir;
    private static Map<String, byte[]> pems;

    /** Three self-signed CA certificates made with keytool, as PEM files laid out like ca-certificates' own. */
    @BeforeAll
    static void certificates() throws IOException {
        pems = new TreeMap<>();
        Path store = dir.resolve("source.p12");
        for (String name : List.of("Test_CA_One", "Test_CA_Two", "Test_CA_Three")) {
            keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                    "CN=" + name, "-validity", "3650", "-keystore", store.toString(), "-storepass", "secret");
            Path pem = dir.resolve(name + ".crt");
            keytool("-exportcert", "-rfc", "-alias", name, "-file", pem.toString(), "-keystore", store.toString(),
                    "-storepass", "secret");
            pems.put("usr/share/ca-certificates/mozilla/" + name + ".crt", Files.readAllBytes(pem));
        }
    }

    @Test
    void theJdkLoadsItAsAJksTrustStoreAndChecksItsIntegrity() throws Exception {
        byte[] jks = JavaTrustStore.jks(pems, EPOCH);

        KeyStore store = KeyStore.getInstance("JKS");
        store.load(new ByteArrayInputStream(jks), JavaTrustStore.PASSWORD.toCharArray());
        assertThat(Collections.list(store.aliases())).containsExactlyInAnyOrder(
                "debian:test_ca_one.pem", "debian:test_ca_two.pem", "debian:test_ca_three.pem");
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (Map.Entry<String, byte[]> pem : pems.entrySet()) {
            String name = pem.getKey().substring(pem.getKey().lastIndexOf('/') + 1).replace(".crt", ".pem");
            String alias = "debian:" + name.toLowerCase(Locale.ROOT);
            assertThat(store.isCertificateEntry(alias)).isTrue();
            assertThat(store.getCertificate(alias)).isEqualTo(x509.generateCertificate(new ByteArrayInputStream(pem.getValue())));
            assertThat(store.getCreationDate(alias)).isEqualTo(new Date(EPOCH * 1000));
        }
        assertThatThrownBy(() -> KeyStore.getInstance("JKS").load(new ByteArrayInputStream(jks), "wrong".toCharArray()))
                .as("the integrity hash covers the password").isInstanceOf(IOException.class);
    }

    @Test
    void keytoolListsTheTrustedCertificates() throws IOException {
        Path file = dir.resolve("cacerts");
        Files.write(file, JavaTrustStore.jks(pems, EPOCH));

        Processes.Result list = keytool("-list", "-keystore", file.toString(), "-storetype", "JKS", "-storepass",
                JavaTrustStore.PASSWORD);

        assertThat(list.out()).contains("Keystore type: JKS", "Your keystore contains 3 entries")
                .contains("debian:test_ca_two.pem, ").containsPattern("(?m)^debian:test_ca_one\\.pem, .*trustedCertEntry");
    }

    @Test
    void theSameCertificatesAndTimeGiveTheSameBytes() {
        byte[] first = JavaTrustStore.jks(pems, EPOCH);

        assertThat(JavaTrustStore.jks(new TreeMap<>(pems).descendingMap(), EPOCH)).isEqualTo(first);
        assertThat(JavaTrustStore.jks(pems, EPOCH + 1)).isNotEqualTo(first);
    }

    @Test
    void certificatesWithTheSameFileNameKeepDistinctAliases() throws Exception {
        Map<String, byte[]> twice = new TreeMap<>();
        twice.put("usr/share/ca-certificates/mozilla/Same.crt", pems.values().iterator().next());
        twice.put("usr/share/ca-certificates/local/Same.crt", pems.values().stream().skip(1).findFirst().orElseThrow());

        KeyStore store = KeyStore.getInstance("JKS");
        store.load(new ByteArrayInputStream(JavaTrustStore.jks(twice, EPOCH)), null);

        assertThat(Collections.list(store.aliases())).containsExactlyInAnyOrder("debian:same.pem", "debian:same.pem-2");
    }

    @Test
    void aFileThatIsNoCertificateIsNamed() {
        Map<String, byte[]> broken = Map.of("usr/share/ca-certificates/mozilla/Broken.crt",
                "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> JavaTrustStore.jks(broken, EPOCH)).isInstanceOf(DistillException.class)
                .hasMessageContaining("/usr/share/ca-certificates/mozilla/Broken.crt");
    }

    private static Processes.Result keytool(String... args) {
        List<String> command = new ArrayList<>(List.of(KEYTOOL.toString()));
        command.addAll(List.of(args));
        Processes.Result result = Processes.run(dir, Map.of(), command);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }
}
