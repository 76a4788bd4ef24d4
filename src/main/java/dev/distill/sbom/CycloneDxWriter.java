package dev.distill.sbom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill.debian.DebVersion;

import java.util.HashMap;
import java.util.Map;

/**
 * Writes an {@link Sbom} as CycloneDX 1.6 JSON. The image is {@code metadata.component} (type container); the
 * operating system is a component that every Debian package is a dependency of (the graph trivy uses to tell OS
 * packages apart); packages depend on each other. Each package carries its purl, supplier, licence expression and
 * the {@code aquasecurity:trivy:Src*} properties trivy reads to match through the source package. The serial
 * number is derived from the image digest and the timestamp is the image's, so the document is reproducible.
 */
public final class CycloneDxWriter {

    public byte[] write(Sbom sbom) {
        SbomSubject subject = sbom.subject();
        ObjectNode doc = SbomJson.object();
        doc.put("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
        doc.put("bomFormat", "CycloneDX");
        doc.put("specVersion", "1.6");
        doc.put("serialNumber", "urn:uuid:" + SbomJson.uuid(subject, "cyclonedx"));
        doc.put("version", 1);

        String imageRef = SbomJson.imagePurl(subject);
        ObjectNode metadata = doc.putObject("metadata");
        metadata.put("timestamp", subject.created());
        ObjectNode tool = metadata.putObject("tools").putArray("components").addObject();
        tool.put("type", "application");
        tool.put("name", "distill");
        ObjectNode image = metadata.putObject("component");
        image.put("bom-ref", imageRef);
        image.put("type", "container");
        image.put("name", subject.name());
        image.put("version", subject.manifestDigest().toString());
        image.put("purl", imageRef);
        property(image.putArray("properties"), "distill:image:arch", subject.arch());

        ArrayNode components = doc.putArray("components");
        OperatingSystem os = sbom.os();
        String osRef = null;
        if (os.isKnown()) {
            osRef = "os:" + os.id() + (os.versionId() == null ? "" : "@" + os.versionId());
            ObjectNode osComponent = components.addObject();
            osComponent.put("bom-ref", osRef);
            osComponent.put("type", "operating-system");
            osComponent.put("name", os.id());
            if (os.versionId() != null) {
                osComponent.put("version", os.versionId());
            }
            if (os.prettyName() != null) {
                osComponent.put("description", os.prettyName());
            }
        }

        Map<String, String> refs = new HashMap<>();
        for (SbomPackage p : sbom.packages()) {
            refs.putIfAbsent(p.name(), p.purl());
        }
        for (SbomPackage p : sbom.packages()) {
            components.add(component(p));
        }

        ArrayNode dependencies = doc.putArray("dependencies");
        ObjectNode imageDependencies = dependencies.addObject();
        imageDependencies.put("ref", imageRef);
        ArrayNode imageDependsOn = imageDependencies.putArray("dependsOn");
        if (osRef != null) {
            imageDependsOn.add(osRef);
            ObjectNode osDependencies = dependencies.addObject();
            osDependencies.put("ref", osRef);
            ArrayNode osDependsOn = osDependencies.putArray("dependsOn");
            sbom.packages().forEach(p -> osDependsOn.add(p.purl()));
        } else {
            sbom.packages().forEach(p -> imageDependsOn.add(p.purl()));
        }
        for (SbomPackage p : sbom.packages()) {
            ObjectNode node = dependencies.addObject();
            node.put("ref", p.purl());
            ArrayNode dependsOn = node.putArray("dependsOn");
            p.dependsOn().forEach(d -> dependsOn.add(refs.get(d)));
        }
        return SbomJson.write(doc);
    }

    private static ObjectNode component(SbomPackage p) {
        ObjectNode node = SbomJson.object();
        node.put("bom-ref", p.purl());
        node.put("type", "library");
        if (p.maintainer() != null && !p.maintainer().isBlank()) {
            String[] parts = Sbom.nameAndEmail(p.maintainer());
            ObjectNode supplier = node.putObject("supplier");
            supplier.put("name", parts[0]);
            if (parts[1] != null) {
                supplier.putArray("contact").addObject().put("email", parts[1]);
            }
        }
        node.put("name", p.name());
        node.put("version", p.version());
        if (p.summary() != null) {
            node.put("description", p.summary());
        }
        if (!DebianCopyright.NOASSERTION.equals(p.license())) {
            node.putArray("licenses").addObject().put("expression", p.license());
        }
        node.put("purl", p.purl());
        ArrayNode properties = node.putArray("properties");
        property(properties, "aquasecurity:trivy:PkgType", "debian");
        property(properties, "aquasecurity:trivy:SrcName", p.sourceName());
        DebVersion source = DebVersion.parse(p.sourceVersion());
        if (source.epoch() > 0) {
            property(properties, "aquasecurity:trivy:SrcEpoch", Long.toString(source.epoch()));
        }
        property(properties, "aquasecurity:trivy:SrcVersion", source.upstream());
        if (!source.revision().isEmpty()) {
            property(properties, "aquasecurity:trivy:SrcRelease", source.revision());
        }
        property(properties, "distill:package:arch", p.arch());
        return node;
    }

    private static void property(ArrayNode properties, String name, String value) {
        ObjectNode property = properties.addObject();
        property.put("name", name);
        property.put("value", value);
    }
}
