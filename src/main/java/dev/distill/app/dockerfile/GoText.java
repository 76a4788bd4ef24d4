package dev.distill.app.dockerfile;

/** Whitespace as Go's {@code unicode.IsSpace} defines it, which Docker's parser and lexer use. */
final class GoText {
    private GoText() {
    }

    static boolean isSpace(int cp) {
        if (cp < 0x80) {
            return cp == ' ' || (cp >= '\t' && cp <= '\r');
        }
        return cp == 0x85 || Character.isSpaceChar(cp);
    }

    static String trimLeft(String text) {
        int start = 0;
        while (start < text.length() && isSpace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        return text.substring(start);
    }

    static String trim(String text) {
        String left = trimLeft(text);
        int end = left.length();
        while (end > 0 && isSpace(left.codePointBefore(end))) {
            end -= Character.charCount(left.codePointBefore(end));
        }
        return left.substring(0, end);
    }
}
