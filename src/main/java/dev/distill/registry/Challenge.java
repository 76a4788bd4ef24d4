package dev.distill.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One {@code WWW-Authenticate} challenge, e.g. {@code Bearer realm="…",service="…",scope="…"}. */
record Challenge(String scheme, Map<String, String> parameters) {

    static Challenge parse(String header) {
        String text = header.strip();
        int space = text.indexOf(' ');
        String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = space < 0 ? text.length() : space + 1;
        while (i < text.length()) {
            int equals = text.indexOf('=', i);
            if (equals < 0) {
                break;
            }
            String key = text.substring(i, equals).strip().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            int j = equals + 1;
            if (j < text.length() && text.charAt(j) == '"') {
                for (j++; j < text.length() && text.charAt(j) != '"'; j++) {
                    if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                        j++;
                    }
                    value.append(text.charAt(j));
                }
                j++;
            } else {
                for (; j < text.length() && text.charAt(j) != ','; j++) {
                    value.append(text.charAt(j));
                }
            }
            parameters.put(key, value.toString().strip());
            int comma = text.indexOf(',', j);
            i = comma < 0 ? text.length() : comma + 1;
        }
        return new Challenge(scheme, parameters);
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }

    String parameter(String name) {
        return parameters.get(name);
    }
}
