package dev.distill.layers;

import dev.distill.common.DistillException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Java trust store ca-certificates-java's script would have written ({@code /etc/ssl/certs/java/cacerts}), made
 * without running Java in the image: a JKS key store of trusted-certificate entries, one per CA certificate, named
 * as Debian names them ({@code debian:isrg_root_x1.pem}), sorted by name, each dated at the build time, protected
 * with Debian's default password {@code changeit}. The same certificates and time give the same bytes.
 */
public final class JavaTrustStore {
    public static final String PATH = "/etc/ssl/certs/java/cacerts";
    /** The package whose maintainer script makes the trust store: its presence asks for this effect. */
    public static final String PACKAGE = "ca-certificates-java";
    public static final String PASSWORD = "changeit";

    private static final int MAGIC = 0xFEEDFEED;
    private static final int VERSION = 2;
    private static final int TRUSTED_CERTIFICATE = 2;
    /** The JKS integrity check: SHA-1 over the password (UTF-16BE), these words, and the key store's bytes. */
    private static final byte[] WHITENER = "Mighty Aphrodite".getBytes(StandardCharsets.UTF_8);

    private JavaTrustStore() {
    }

    /**
     * The key store for {@code pemFiles} (path → content of a PEM file holding one or more certificates), every entry
     * created at {@code epochSeconds}.
     */
    public static byte[] jks(Map<String, byte[]> pemFiles, long epochSeconds) {
        Map<String, byte[]> entries = new TreeMap<>();
        CertificateFactory x509 = x509();
        new TreeMap<>(pemFiles).forEach((path, pem) -> {
            for (Certificate certificate : certificates(x509, path, pem)) {
                String alias = alias(path);
                for (int n = 2; entries.containsKey(alias); n++) {
                    alias = alias(path) + "-" + n;
                }
                entries.put(alias, encoded(certificate, path));
            }
        });
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(entries.size());
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.writeInt(TRUSTED_CERTIFICATE);
                out.writeUTF(e.getKey());
                out.writeLong(epochSeconds * 1000);
                out.writeUTF("X.509");
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
            out.flush();
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (char c : PASSWORD.toCharArray()) {
                sha1.update((byte) (c >> 8));
                sha1.update((byte) c);
            }
            sha1.update(WHITENER);
            sha1.update(bytes.toByteArray());
            out.write(sha1.digest());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    /**
     * Debian's alias: the name of the certificate's link in /etc/ssl/certs ({@code NAME.pem}), lower case (JKS
     * aliases are). A second certificate with the same name gets {@code -2}, and so on.
     */
    private static String alias(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.endsWith(".crt")) {
            name = name.substring(0, name.length() - 4) + ".pem";
        }
        return ("debian:" + name).toLowerCase(Locale.ROOT);
    }

    private static Iterable<? extends Certificate> certificates(CertificateFactory x509, String path, byte[] pem) {
        try {
            return x509.generateCertificates(new ByteArrayInputStream(pem));
        } catch (CertificateException e) {
            throw new DistillException("CA certificate /" + path + " is not a valid PEM certificate: " + e.getMessage(), e);
        }
    }

    private static byte[] encoded(Certificate certificate, String path) {
        try {
            return certificate.getEncoded();
        } catch (CertificateException e) {
            throw new DistillException("CA certificate /" + path + " cannot be encoded: " + e.getMessage(), e);
        }
    }

    private static CertificateFactory x509() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
    }
}
