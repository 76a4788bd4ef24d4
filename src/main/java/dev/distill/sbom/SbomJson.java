package dev.distill.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.distill.common.DistillException;

import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import java.util.UUID;

/** JSON output shared by the SBOM writers: two-space indentation, fields in the order they were added. */
final class SbomJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final ObjectWriter WRITER = MAPPER.writer(
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private SbomJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] write(ObjectNode document) {
        try {
            return (WRITER.writeValueAsString(document) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an SBOM", e);
        }
    }

    /** A UUID derived from the subject, so the same image always gets the same document. */
    static UUID uuid(SbomSubject subject, String format) {
        return UUID.nameUUIDFromBytes((format + "\n" + subject.name() + "\n" + subject.manifestDigest() + "\n"
                + subject.arch()).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code pkg:oci/NAME@DIGEST?arch=ARCH&tag=TAG} for the image. */
    static String imagePurl(SbomSubject subject) {
        String name = subject.name();
        int colon = name.lastIndexOf(':');
        String repository = colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
        String tag = colon > name.lastIndexOf('/') ? name.substring(colon + 1) : null;
        TreeMap<String, String> qualifiers = new TreeMap<>();
        qualifiers.put("arch", subject.arch());
        if (tag != null) {
            qualifiers.put("tag", tag);
        }
        try {
            return new PackageURL("oci", null, repository.substring(repository.lastIndexOf('/') + 1).toLowerCase(),
                    subject.manifestDigest().toString(), qualifiers, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new DistillException("cannot make a package URL for image " + name + ": " + e.getMessage(), e);
        }
    }
}
