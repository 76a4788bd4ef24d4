package dev.distill.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.distill.common.DistillException;
import dev.distill.debian.Distro;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an image spec from YAML and validates it. Every error names the file, the line and the key, such as
 * {@code python.yaml:7: runtime.pakages: unknown key (known keys: packages, exclude, …)}.
 */
public final class SpecLoader {
    private static final Set<String> TOP_KEYS = Set.of("name", "version", "distro", "archs", "mirror",
            "securityMirror", "runtime", "dev", "labels");
    private static final Set<String> SIDE_KEYS = Set.of("name", "version", "packages", "exclude", "entrypoint", "cmd",
            "env", "user", "workdir", "drop", "keep", "files", "links", "labels", "ports");
    private static final Set<String> FILE_KEYS = Set.of("path", "content", "mode", "uid", "gid");
    private static final Set<String> LINK_KEYS = Set.of("path", "target");
    private static final Set<String> ARCHS = Set.of("amd64", "arm64", "armhf", "armel", "i386", "ppc64el", "s390x", "riscv64");
    private static final Pattern IMAGE_NAME = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+~:-]+)?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?");

    private static final YAMLFactory YAML = new YAMLFactory();

    /** Parses and validates a spec. {@code source} names it in messages (a path or {@code catalog:NAME}). */
    public ImageSpec load(String text, String source) {
        Map<String, Integer> lines = new HashMap<>();
        return new Reader(source, lines).spec(parse(text, source, lines));
    }

    /**
     * The YAML document as a tree, in one pass that also notes the line of every key and list item, by path
     * ({@code runtime.packages[2]}). The tree is built here rather than by an {@code ObjectMapper}, whose set-up
     * would cost an unchanged build more than the rest of its checks.
     */
    private static JsonNode parse(String text, String source, Map<String, Integer> lines) {
        try (JsonParser parser = YAML.createParser(text)) {
            Deque<Open> open = new ArrayDeque<>();
            JsonNode root = null;
            String field = null;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                Open parent = open.peek();
                if (token == JsonToken.FIELD_NAME) {
                    field = parser.currentName();
                    lines.put(join(parent.path, field), line);
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    open.pop();
                    continue;
                }
                JsonNode node = switch (token) {
                    case START_OBJECT -> JsonNodeFactory.instance.objectNode();
                    case START_ARRAY -> JsonNodeFactory.instance.arrayNode();
                    case VALUE_STRING -> JsonNodeFactory.instance.textNode(parser.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser);
                    case VALUE_TRUE -> JsonNodeFactory.instance.booleanNode(true);
                    case VALUE_FALSE -> JsonNodeFactory.instance.booleanNode(false);
                    case VALUE_NULL -> JsonNodeFactory.instance.nullNode();
                    default -> JsonNodeFactory.instance.pojoNode(parser.getEmbeddedObject());
                };
                String here;
                if (parent == null) {
                    root = node;
                    here = "";
                } else if (parent.node instanceof ObjectNode object) {
                    object.set(field, node);
                    here = join(parent.path, field);
                } else {
                    ((ArrayNode) parent.node).add(node);
                    here = parent.path + "[" + (parent.node.size() - 1) + "]";
                    lines.put(here, line);
                }
                if (node instanceof ContainerNode<?> container) {
                    open.push(new Open(container, here));
                }
            }
            return root;
        } catch (IOException e) {
            String where = e instanceof JsonProcessingException j && j.getLocation() != null
                    ? ":" + j.getLocation().getLineNr() : "";
            throw new DistillException(source + where + ": not valid YAML: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    /** A mapping or list still being read, and its path. */
    private record Open(ContainerNode<?> node, String path) {
    }

    private static JsonNode number(JsonParser parser) throws IOException {
        Number n = parser.getNumberValue();
        if (n instanceof Integer i) {
            return JsonNodeFactory.instance.numberNode(i);
        } else if (n instanceof Long l) {
            return JsonNodeFactory.instance.numberNode(l);
        } else if (n instanceof BigInteger b) {
            return JsonNodeFactory.instance.numberNode(b);
        } else if (n instanceof BigDecimal d) {
            return JsonNodeFactory.instance.numberNode(d);
        }
        return JsonNodeFactory.instance.numberNode(n.doubleValue());
    }

    private static String join(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    private static final class Reader {
        private final String source;
        private final Map<String, Integer> lines;

        Reader(String source, Map<String, Integer> lines) {
            this.source = source;
            this.lines = lines;
        }

        ImageSpec spec(JsonNode root) {
            if (root == null || !root.isObject()) {
                throw error("", "the spec must be a mapping with at least 'name' and 'runtime'");
            }
            checkKeys(root, "", TOP_KEYS);
            String name = requiredText(root, "name");
            if (!IMAGE_NAME.matcher(name).matches()) {
                throw error("name", "'" + name + "' is not a valid image name (lower case letters, digits, . _ -)");
            }
            String version = optionalText(root, "version");
            if (version != null && !TAG.matcher(version).matches()) {
                throw error("version", "'" + version + "' is not a valid tag");
            }
            Distro distro = Distro.DEFAULT;
            String distroText = optionalText(root, "distro");
            if (distroText != null) {
                try {
                    distro = Distro.parse(distroText);
                } catch (DistillException e) {
                    throw error("distro", e.getMessage());
                }
            }
            List<String> archs = stringList(root, "archs");
            if (archs.isEmpty()) {
                archs = List.of("amd64", "arm64");
            }
            for (int i = 0; i < archs.size(); i++) {
                if (!ARCHS.contains(archs.get(i))) {
                    throw error("archs[" + i + "]", "unknown architecture '" + archs.get(i) + "' (known: "
                            + String.join(", ", ARCHS.stream().sorted().toList()) + ")");
                }
            }
            if (!root.has("runtime")) {
                throw error("", "missing key 'runtime' (the runtime image's packages)");
            }
            SideSpec runtime = side(root.get("runtime"), "runtime", false);
            if (runtime.packages().isEmpty()) {
                throw error("runtime", "runtime.packages must list at least one package");
            }
            SideSpec dev = root.has("dev") ? side(root.get("dev"), "dev", true)
                    : side(yamlEmptyObject(), "dev", true);
            if (dev.name() != null && !IMAGE_NAME.matcher(dev.name()).matches()) {
                throw error("dev.name", "'" + dev.name() + "' is not a valid image name");
            }
            if (dev.version() != null && !TAG.matcher(dev.version()).matches()) {
                throw error("dev.version", "'" + dev.version() + "' is not a valid tag");
            }
            return new ImageSpec(source, name, version, distro, List.copyOf(archs), optionalText(root, "mirror"),
                    optionalText(root, "securityMirror"), runtime, dev, stringMap(root, "labels"));
        }

        private SideSpec side(JsonNode node, String path, boolean isDev) {
            if (!node.isObject()) {
                throw error(path, path + " must be a mapping");
            }
            checkKeys(node, path, SIDE_KEYS);
            if (!isDev && (node.has("name") || node.has("version"))) {
                throw error(path + (node.has("name") ? ".name" : ".version"),
                        "the runtime side takes the pair's name and version; set them at the top level");
            }
            List<String> packages = stringList(node, path + ".packages");
            for (int i = 0; i < packages.size(); i++) {
                if (!PACKAGE.matcher(packages.get(i)).matches()) {
                    throw error(path + ".packages[" + i + "]", "'" + packages.get(i) + "' is not a package name");
                }
            }
            String user = optionalText(node, path + ".user");
            if (user != null && !USER.matcher(user).matches()) {
                throw error(path + ".user", "'" + user + "' is not a user (a name or uid, optionally :group)");
            }
            String workdir = optionalText(node, path + ".workdir");
            if (workdir != null && !workdir.startsWith("/")) {
                throw error(path + ".workdir", "must be an absolute path");
            }
            List<SideSpec.FileSpec> files = new ArrayList<>();
            JsonNode filesNode = node.get("files");
            if (filesNode != null) {
                requireArray(filesNode, path + ".files");
                for (int i = 0; i < filesNode.size(); i++) {
                    files.add(file(filesNode.get(i), path + ".files[" + i + "]"));
                }
            }
            List<SideSpec.LinkSpec> links = new ArrayList<>();
            JsonNode linksNode = node.get("links");
            if (linksNode != null) {
                requireArray(linksNode, path + ".links");
                for (int i = 0; i < linksNode.size(); i++) {
                    String p = path + ".links[" + i + "]";
                    JsonNode l = linksNode.get(i);
                    if (!l.isObject()) {
                        throw error(p, "a link is a mapping with 'path' and 'target'");
                    }
                    checkKeys(l, p, LINK_KEYS);
                    links.add(new SideSpec.LinkSpec(absolutePath(l, p + ".path"), requiredText(l, p + ".target")));
                }
            }
            for (String port : stringList(node, path + ".ports")) {
                if (!port.matches("[0-9]{1,5}(/(tcp|udp|sctp))?")) {
                    throw error(path + ".ports", "'" + port + "' is not a port (8080 or 8080/tcp)");
                }
            }
            return new SideSpec(isDev ? optionalText(node, path + ".name") : null,
                    isDev ? optionalText(node, path + ".version") : null, packages,
                    stringList(node, path + ".exclude"), nullableList(node, path + ".entrypoint"),
                    nullableList(node, path + ".cmd"), stringMap(node, path + ".env"), user, workdir,
                    stringList(node, path + ".drop"), stringList(node, path + ".keep"), files, links,
                    stringMap(node, path + ".labels"), stringList(node, path + ".ports"));
        }

        private SideSpec.FileSpec file(JsonNode node, String path) {
            if (!node.isObject()) {
                throw error(path, "a file is a mapping with 'path' and 'content'");
            }
            checkKeys(node, path, FILE_KEYS);
            String mode = optionalText(node, path + ".mode");
            if (mode != null && !mode.matches("0?[0-7]{3,4}")) {
                throw error(path + ".mode", "'" + mode + "' is not an octal mode such as \"0644\"");
            }
            return new SideSpec.FileSpec(absolutePath(node, path + ".path"), requiredText(node, path + ".content"),
                    mode, optionalInt(node, path + ".uid"), optionalInt(node, path + ".gid"));
        }

        private String absolutePath(JsonNode node, String path) {
            String value = requiredText(node, path);
            if (!value.startsWith("/") || value.contains("/../") || value.endsWith("/..")) {
                throw error(path, "'" + value + "' must be an absolute path without '..'");
            }
            return value;
        }

        private void checkKeys(JsonNode node, String path, Set<String> known) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                if (!known.contains(key)) {
                    throw error(path.isEmpty() ? key : path + "." + key, "unknown key (known keys: "
                            + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
        }

        private String requiredText(JsonNode node, String path) {
            String value = optionalText(node, path);
            if (value == null || value.isBlank()) {
                throw error(path, "missing or empty");
            }
            return value;
        }

        private String optionalText(JsonNode node, String path) {
            JsonNode value = node.get(last(path));
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isValueNode()) {
                throw error(path, "must be a single value, not a " + (value.isArray() ? "list" : "mapping"));
            }
            return value.asText();
        }

        private Integer optionalInt(JsonNode node, String path) {
            JsonNode value = node.get(last(path));
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber()) {
                throw error(path, "must be a number");
            }
            return value.asInt();
        }

        private List<String> stringList(JsonNode node, String path) {
            List<String> list = nullableList(node, path);
            return list == null ? List.of() : list;
        }

        private List<String> nullableList(JsonNode node, String path) {
            JsonNode value = node.get(last(path));
            if (value == null || value.isNull()) {
                return null;
            }
            requireArray(value, path);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (!item.isValueNode() || item.isNull()) {
                    throw error(path + "[" + i + "]", "must be a string");
                }
                out.add(item.asText());
            }
            return out;
        }

        private Map<String, String> stringMap(JsonNode node, String path) {
            JsonNode value = node.get(last(path));
            if (value == null || value.isNull()) {
                return Map.of();
            }
            if (!value.isObject()) {
                throw error(path, "must be a mapping of names to values");
            }
            Map<String, String> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw error(path + "." + e.getKey(), "must be a single value");
                }
                out.put(e.getKey(), e.getValue().asText());
            }
            return out;
        }

        private void requireArray(JsonNode value, String path) {
            if (!value.isArray()) {
                throw error(path, "must be a list, such as [a, b]");
            }
        }

        private DistillException error(String path, String message) {
            Integer line = lines.get(path);
            String key = path.isEmpty() ? "" : " " + path + ":";
            return new DistillException(source + (line == null ? "" : ":" + line) + ":" + key + " " + message);
        }

        private static String last(String path) {
            int dot = path.lastIndexOf('.');
            return dot < 0 ? path : path.substring(dot + 1);
        }

        private static JsonNode yamlEmptyObject() {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
