package dev.distill.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The official SPDX 2.3 and CycloneDX 1.6 JSON schemas (copied into test resources), and validation against them. */
final class JsonSchemas {
    static final String SPDX = "http://spdx.org/rdf/terms/2.3";
    static final String CYCLONEDX = "http://cyclonedx.org/schema/bom-1.6.schema.json";

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
            builder -> builder.schemas(Map.of(
                    SPDX, resource("spdx-2.3.schema.json"),
                    CYCLONEDX, resource("cyclonedx-bom-1.6.schema.json"),
                    "http://cyclonedx.org/schema/spdx.schema.json", resource("cyclonedx-spdx.schema.json"),
                    "http://cyclonedx.org/schema/jsf-0.82.schema.json", resource("cyclonedx-jsf-0.82.schema.json"))));

    /** The validation errors of {@code document} against the schema with this id (empty when valid). */
    List<String> errors(String schemaId, byte[] document) {
        Schema schema = registry.getSchema(SchemaLocation.of(schemaId));
        try {
            JsonNode node = new ObjectMapper().readTree(document);
            return schema.validate(node).stream().map(Error::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = JsonSchemas.class.getResourceAsStream("/schemas/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource /schemas/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
