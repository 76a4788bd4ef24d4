package dev.distill.debian.trust;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * An RFC 4880 §7 cleartext-signed message split into the signed lines and the signature packets.
 *
 * <p>The framing is parsed here rather than with Bouncy Castle's {@code ArmoredInputStream}, which hands back the
 * line break before the signature as part of the text. Like apt, nothing may precede the BEGIN line and nothing
 * but blank lines may follow the signature, so no unsigned text can be mistaken for signed text.
 *
 * @param signedText    the signed lines, each ended by LF
 * @param canonicalText the bytes the signatures cover: lines joined with CRLF, no final line break
 * @param signatures    the signature packets, in file order
 */
record ClearsignedMessage(byte[] signedText, byte[] canonicalText, List<PGPSignature> signatures) {
    private static final String BEGIN_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----";
    private static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
    private static final String END_SIGNATURE = "-----END PGP SIGNATURE-----";

    static ClearsignedMessage parse(byte[] file, String source) {
        List<byte[]> lines = splitLines(file);
        if (lines.isEmpty() || !isLine(lines.get(0), BEGIN_MESSAGE)) {
            throw malformed(source, "it does not start with " + BEGIN_MESSAGE);
        }
        int at;
        for (at = 1; at < lines.size() && !isBlank(lines.get(at)); at++) {
            if (!ascii(lines.get(at)).startsWith("Hash: ")) {
                throw malformed(source, "line " + (at + 1) + " is not a 'Hash:' armor header");
            }
        }
        if (at == lines.size()) {
            throw malformed(source, "it ends inside the armor headers");
        }
        ByteArrayOutputStream signedText = new ByteArrayOutputStream();
        ByteArrayOutputStream canonicalText = new ByteArrayOutputStream();
        for (at++; at < lines.size() && !isLine(lines.get(at), BEGIN_SIGNATURE); at++) {
            byte[] line = undash(lines.get(at), at + 1, source);
            if (signedText.size() > 0) {
                canonicalText.writeBytes(new byte[] {'\r', '\n'});
            }
            canonicalText.writeBytes(line);
            signedText.writeBytes(line);
            signedText.write('\n');
        }
        if (at == lines.size()) {
            throw malformed(source, "it has no " + BEGIN_SIGNATURE + " line");
        }
        int signatureStart = at;
        while (at < lines.size() && !isLine(lines.get(at), END_SIGNATURE)) {
            at++;
        }
        if (at == lines.size()) {
            throw malformed(source, "its signature block has no " + END_SIGNATURE + " line");
        }
        int signatureEnd = at + 1;
        for (at = signatureEnd; at < lines.size(); at++) {
            if (!isBlank(lines.get(at))) {
                throw malformed(source, "line " + (at + 1) + " follows the signature and is not signed");
            }
        }
        List<PGPSignature> signatures = readSignatures(lines.subList(signatureStart, signatureEnd), source);
        return new ClearsignedMessage(signedText.toByteArray(), canonicalText.toByteArray(), signatures);
    }

    /** Splits on LF; a CR before the LF belongs to the line break. A final line break ends the last line. */
    private static List<byte[]> splitLines(byte[] file) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= file.length; i++) {
            if (i == file.length || file[i] == '\n') {
                if (i == file.length && start == file.length) {
                    break;
                }
                int end = i > start && file[i - 1] == '\r' ? i - 1 : i;
                lines.add(Arrays.copyOfRange(file, start, end));
                start = i + 1;
            }
        }
        return lines;
    }

    /** Undoes dash-escaping and drops trailing spaces and tabs, which the signature does not cover. */
    private static byte[] undash(byte[] line, int lineNumber, String source) {
        int start = 0;
        if (line.length > 0 && line[0] == '-') {
            if (line.length < 2 || line[1] != ' ') {
                throw malformed(source, "line " + lineNumber + " starts with '-' but is not dash-escaped");
            }
            start = 2;
        }
        int end = line.length;
        while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        return Arrays.copyOfRange(line, start, end);
    }

    private static List<PGPSignature> readSignatures(List<byte[]> block, String source) {
        ByteArrayOutputStream armored = new ByteArrayOutputStream();
        for (byte[] line : block) {
            armored.writeBytes(line);
            armored.write('\n');
        }
        List<Object> packets = new ArrayList<>();
        try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(armored.toByteArray()))) {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
            for (Object packet = factory.nextObject(); packet != null; packet = factory.nextObject()) {
                packets.add(packet);
            }
        } catch (IOException | RuntimeException e) {
            throw malformed(source, "its signature block cannot be read (" + e.getMessage() + ")");
        }
        List<PGPSignature> signatures = new ArrayList<>();
        for (Object packet : packets) {
            if (!(packet instanceof PGPSignatureList list)) {
                throw malformed(source, "its signature block holds a " + packet.getClass().getSimpleName()
                        + " where only signatures belong");
            }
            list.forEach(signatures::add);
        }
        return signatures;
    }

    private static boolean isLine(byte[] line, String expected) {
        return ascii(line).stripTrailing().equals(expected);
    }

    private static boolean isBlank(byte[] line) {
        return ascii(line).isBlank();
    }

    private static String ascii(byte[] line) {
        return new String(line, StandardCharsets.ISO_8859_1);
    }

    private static DistillException malformed(String source, String detail) {
        return new DistillException(ExitCode.CHECK_FAILED,
                "InRelease from " + source + " is not a valid clearsigned file: " + detail);
    }
}
