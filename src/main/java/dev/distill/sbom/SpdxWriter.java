package dev.distill.sbom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes an {@link Sbom} as SPDX 2.3 JSON. The document DESCRIBES the image package; the image CONTAINS the
 * operating system, which CONTAINS every Debian package (the shape trivy reads); packages DEPENDS_ON each other.
 * Each package carries its purl, its supplier (the maintainer), its declared licence and its source package in
 * {@code sourceInfo} ("built package from: glibc 2.41-12"). The namespace is derived from the image digest and
 * the creation time is the image's, so the document is reproducible.
 */
public final class SpdxWriter {
    private static final String NOASSERTION = "NOASSERTION";
    private static final Pattern LICENSE_REF = Pattern.compile("LicenseRef-[A-Za-z0-9.\\-]+");

    public byte[] write(Sbom sbom) {
        SbomSubject subject = sbom.subject();
        ObjectNode doc = SbomJson.object();
        doc.put("spdxVersion", "SPDX-2.3");
        doc.put("dataLicense", "CC0-1.0");
        doc.put("SPDXID", "SPDXRef-DOCUMENT");
        doc.put("name", subject.name() + " (" + subject.arch() + ")");
        doc.put("documentNamespace", "https://spdx.org/spdxdocs/distill/" + safe(subject.name()) + "-"
                + SbomJson.uuid(subject, "spdx"));
        ObjectNode creation = doc.putObject("creationInfo");
        creation.put("created", subject.created());
        creation.putArray("creators").add("Tool: distill");

        ArrayNode packages = doc.putArray("packages");
        ObjectNode image = packages.addObject();
        image.put("name", subject.name());
        image.put("SPDXID", "SPDXRef-Image");
        image.put("versionInfo", subject.manifestDigest().toString());
        image.put("downloadLocation", NOASSERTION);
        image.put("filesAnalyzed", false);
        image.put("licenseConcluded", NOASSERTION);
        image.put("licenseDeclared", NOASSERTION);
        image.put("copyrightText", NOASSERTION);
        purlRef(image, SbomJson.imagePurl(subject));
        image.put("primaryPackagePurpose", "CONTAINER");

        OperatingSystem os = sbom.os();
        if (os.isKnown()) {
            ObjectNode osPackage = packages.addObject();
            osPackage.put("name", os.id());
            osPackage.put("SPDXID", "SPDXRef-OperatingSystem");
            if (os.versionId() != null) {
                osPackage.put("versionInfo", os.versionId());
            }
            osPackage.put("downloadLocation", NOASSERTION);
            osPackage.put("filesAnalyzed", false);
            osPackage.put("licenseConcluded", NOASSERTION);
            osPackage.put("licenseDeclared", NOASSERTION);
            osPackage.put("copyrightText", NOASSERTION);
            if (os.prettyName() != null) {
                osPackage.put("description", os.prettyName());
            }
            osPackage.put("primaryPackagePurpose", "OPERATING_SYSTEM");
        }

        Map<String, String> ids = spdxIds(sbom);
        Set<String> licenseRefs = new TreeSet<>();
        for (SbomPackage p : sbom.packages()) {
            ObjectNode node = packages.addObject();
            node.put("name", p.name());
            node.put("SPDXID", ids.get(p.name()));
            node.put("versionInfo", p.version());
            if (p.maintainer() != null && !p.maintainer().isBlank()) {
                String[] parts = Sbom.nameAndEmail(p.maintainer());
                node.put("supplier", "Person: " + parts[0] + (parts[1] == null ? "" : " (" + parts[1] + ")"));
            }
            node.put("downloadLocation", NOASSERTION);
            node.put("filesAnalyzed", false);
            node.put("sourceInfo", "built package from: " + p.sourceName() + " " + p.sourceVersion());
            node.put("licenseConcluded", NOASSERTION);
            node.put("licenseDeclared", p.license());
            node.put("copyrightText", NOASSERTION);
            if (p.summary() != null) {
                node.put("summary", p.summary());
            }
            purlRef(node, p.purl());
            node.put("primaryPackagePurpose", "LIBRARY");
            Matcher refs = LICENSE_REF.matcher(p.license());
            while (refs.find()) {
                licenseRefs.add(refs.group());
            }
        }

        if (!licenseRefs.isEmpty()) {
            ArrayNode extracted = doc.putArray("hasExtractedLicensingInfos");
            for (String ref : licenseRefs) {
                ObjectNode info = extracted.addObject();
                info.put("licenseId", ref);
                String name = ref.substring("LicenseRef-".length());
                info.put("name", name);
                info.put("extractedText", "The licence named " + name + " in the package's Debian copyright file.");
            }
        }

        ArrayNode relationships = doc.putArray("relationships");
        relationship(relationships, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image");
        String container = "SPDXRef-Image";
        if (os.isKnown()) {
            relationship(relationships, "SPDXRef-Image", "CONTAINS", "SPDXRef-OperatingSystem");
            container = "SPDXRef-OperatingSystem";
        }
        for (SbomPackage p : sbom.packages()) {
            relationship(relationships, container, "CONTAINS", ids.get(p.name()));
        }
        for (SbomPackage p : sbom.packages()) {
            for (String dependency : p.dependsOn()) {
                relationship(relationships, ids.get(p.name()), "DEPENDS_ON", ids.get(dependency));
            }
        }
        return SbomJson.write(doc);
    }

    /** One SPDX id per package name (a Debian image has one architecture of each name). */
    private static Map<String, String> spdxIds(Sbom sbom) {
        Map<String, String> ids = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (SbomPackage p : sbom.packages()) {
            if (ids.containsKey(p.name())) {
                continue;
            }
            String base = "SPDXRef-Package-deb-" + safe(p.name());
            String id = base;
            for (int n = 2; !used.add(id); n++) {
                id = base + "-" + n;
            }
            ids.put(p.name(), id);
        }
        return ids;
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9.\\-]", "-");
    }

    private static void purlRef(ObjectNode node, String purl) {
        ObjectNode ref = node.putArray("externalRefs").addObject();
        ref.put("referenceCategory", "PACKAGE-MANAGER");
        ref.put("referenceType", "purl");
        ref.put("referenceLocator", purl);
    }

    private static void relationship(ArrayNode relationships, String from, String type, String to) {
        ObjectNode node = relationships.addObject();
        node.put("spdxElementId", from);
        node.put("relationshipType", type);
        node.put("relatedSpdxElement", to);
    }
}
