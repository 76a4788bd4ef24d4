package dev.distill.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distill.common.DistillException;
import dev.distill.common.Json;

import java.io.IOException;

/**
 * The one JSON mapper for OCI documents. Output is canonical for a given value: compact, fields in declaration
 * order, map keys sorted, nulls left out. A document's digest is always taken from the bytes written or read,
 * never from a re-serialisation.
 */
public final class OciJson {
    private static final ObjectMapper MAPPER = Json.mapper();

    private OciJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(byte[] json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new DistillException(what + " is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DistillException("cannot read " + what + ": " + e.getMessage());
        }
    }

    /** The {@code mediaType} field of a manifest or index document, or null if it has none. */
    public static String mediaTypeOf(byte[] json, String what) {
        try {
            var node = MAPPER.readTree(json);
            var mediaType = node.get("mediaType");
            if (mediaType != null) {
                return mediaType.asText();
            }
            return node.has("manifests") ? MediaTypes.OCI_INDEX : node.has("config") ? MediaTypes.OCI_MANIFEST : null;
        } catch (IOException e) {
            throw new DistillException(what + " is not valid JSON: " + e.getMessage());
        }
    }
}
