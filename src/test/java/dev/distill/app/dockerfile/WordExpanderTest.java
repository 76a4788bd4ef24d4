package dev.distill.app.dockerfile;

import dev.distill.common.DistillException;
import dev.distill.testing.HostTools;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Cases from BuildKit's {@code envVarTest} and {@code wordsTest} tables, and bash as the oracle for ${…} forms. */
class WordExpanderTest {
    private static final Map<String, String> ENV = Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어",
            "NULL", "");

    private final WordExpander expander = new WordExpander('\\');

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = 0, ignoreLeadingAndTrailingWhitespace = false, textBlock = """
            hello|hello
            he'll'o|hello
            he\\'llo|he'llo
            abc\\tdef|abctdef
            "abc\\tdef"|abc\\tdef
            "abc\\\\tdef"|abc\\tdef
            'abc\\tdef'|abc\\tdef
            hello\\|hello
            hello\\\\|hello\\
            "hel'lo"|hel'lo
            'hello\\'|hello\\
            'hello\\there'|hello\\there
            'hello\\\\there'|hello\\\\there
            "''"|''
            $.|$.
            he$1x|hex
            he$.x|he$.x
            he$pwd.|he.
            he$PWD|he/home
            he\\$PWD|he$PWD
            he\\\\$PWD|he\\/home
            "he\\$PWD"|he$PWD
            "he\\\\$PWD"|he\\/home
            \\${}|${}
            \\${}aaa|${}aaa
            he\\${}|he${}
            he\\${}xx|he${}xx
            he${hi}|he
            he${hi}xx|hexx
            he${PWD}|he/home
            he${XXX:-000}xx|he000xx
            he${PWD:-000}xx|he/homexx
            he${XXX:-$PWD}xx|he/homexx
            he${XXX:-${PWD:-yyy}}xx|he/homexx
            he${XXX:-${YYY:-yyy}}xx|heyyyxx
            he${PWD?}|he/home
            he${PWD:?}|he/home
            he${NULL?}|he
            he${XXX:+${PWD}}xx|hexx
            he${PWD:+${XXX}}xx|hexx
            he${PWD:+${SHELL}}xx|hebashxx
            he${XXX:+000}xx|hexx
            he${PWD:+000}xx|he000xx
            'he${XX}'|he${XX}
            "he${PWD}"|he/home
            "he'$PWD'"|he'/home'
            "$PWD"|/home
            '$PWD'|$PWD
            '\\$PWD'|\\$PWD
            '"hello"'|"hello"
            he${PWD+000}xx|he000xx
            he${PWD-000}xx|he/homexx
            he${XXX+000}xx|hexx
            he${XXX-000}xx|he000xx
            he${XXX-$PWD}xx|he/homexx
            he${XXX-${PWD-yyy}}xx|he/homexx
            he${XXX-${YYY-yyy}}xx|heyyyxx
            he${XXX-${YYY}}xx|hexx
            he${NULL-000}xx|hexx
            he${NULL:-000}xx|he000xx
            he${NULL+000}xx|he000xx
            he${NULL:+000}xx|hexx
            안녕$KOREAN|안녕한국어
            안녕${KOREAN}|안녕한국어
            ${#}|
            $#|
            ${PWD#/}|home
            ${PWD%e}|/hom
            a   b|a   b
            """)
    void substitutesLikeBuildKit(String word, String expected) {
        assertThat(expander.expand(word, ENV)).isEqualTo(expected == null ? "" : expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"he'llo", "he\\\\'llo", "\"hello", "\"hello\\\"", "'hello", "${}", "${}aaa", "he${}",
            "he${}xx", "he${.}", "he${XXX:YYY}", "he${XXX?}", "he${XXX:?}", "he${NULL:?}", "he${PWD", "he${PWD=000}xx",
            "he${XXX=000}xx", "${PWD:#x}", "${PWD#\\x}", "${PWD/x"})
    void refusesWhatBuildKitRefuses(String word) {
        assertThatThrownBy(() -> expander.expand(word, ENV))
                .isInstanceOf(DistillException.class)
                .hasMessageStartingWith("failed to process \"" + word + "\": ");
    }

    static Stream<Arguments> errorMessages() {
        return Stream.of(
                arguments("${VERSION:?set VERSION with --build-arg}",
                        "failed to process \"${VERSION:?set VERSION with --build-arg}\": VERSION: set VERSION with "
                                + "--build-arg"),
                arguments("${VERSION?}", "failed to process \"${VERSION?}\": VERSION: is not allowed to be unset"),
                arguments("${NULL:?}", "failed to process \"${NULL:?}\": NULL: is not allowed to be empty"),
                arguments("${A", "failed to process \"${A\": syntax error: missing '}'"),
                arguments("${}", "failed to process \"${}\": syntax error: bad substitution"),
                arguments("${A:x}", "failed to process \"${A:x}\": unsupported modifier (:x) in substitution"),
                arguments("\"abc", "failed to process \"\"abc\": unexpected end of statement while looking for "
                        + "matching double-quote"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorMessages")
    void explainsWhatIsWrong(String word, String message) {
        assertThatThrownBy(() -> expander.expand(word, ENV)).hasMessage(message);
    }

    static Stream<Arguments> words() {
        Map<String, String> env = Map.of("hi", "hi", "space", "abc  def", "leading", "  ab c", "trailing", "ab c   ");
        return Stream.of(
                arguments("hello", env, List.of("hello")),
                arguments("hello${hi}bye", env, List.of("hellohibye")),
                arguments("hello${space}bye", env, List.of("helloabc", "defbye")),
                arguments("hello\"${space}\"bye", env, List.of("helloabc  defbye")),
                arguments("hello \"${space}\"bye", env, List.of("hello", "abc  defbye")),
                arguments("hello${leading}def", env, List.of("hello", "ab", "cdef")),
                arguments("hello\"${leading}\" def", env, List.of("hello  ab c", "def")),
                arguments("hello\"${leading}\"", env, List.of("hello  ab c")),
                arguments("hello${leading}", env, List.of("hello", "ab", "c")),
                arguments("hello${trailing}", env, List.of("helloab", "c")),
                arguments("hello${trailing}d", env, List.of("helloab", "c", "d")),
                arguments("hello\"${trailing}\"d", env, List.of("helloab c   d")),
                arguments("hel\"lo${trailing}\"", env, List.of("helloab c   ")),
                arguments("hello\" there  \"", env, List.of("hello there  ")),
                arguments("hello there", env, List.of("hello", "there")),
                arguments("hello\\ there", env, List.of("hello there")),
                arguments("hello\\\" there", env, List.of("hello\"", "there")),
                arguments("hello\"\\\\there\"", env, List.of("hello\\there")),
                arguments("hello\"\\there\"", env, List.of("hello\\there")),
                arguments("hello'\\\\there'", env, List.of("hello\\\\there")),
                arguments("hello'\\there'", env, List.of("hello\\there")),
                arguments("hello'$there'", env, List.of("hello$there")),
                arguments("\"\" x", env, List.of("x")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("words")
    void splitsWordsAfterSubstitution(String word, Map<String, String> env, List<String> expected) {
        assertThat(expander.expandToWords(word, env)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"${X}", "${X:-none}", "${U:-none}", "${E:-none}", "${E-none}", "${U-none}", "${X:+set}",
            "${E:+set}", "${E+set}", "${U+set}", "${X#*/}", "${X##*/}", "${X%.*}", "${X%%.*}", "${X#/usr}",
            "${X%gz}", "${X#x}", "${X%%l*}", "${X#*l?}", "${X/l/L}", "${X//l/L}", "${X//\\//:}", "${X/lib/}",
            "${X//[/<}", "${S%\\*}", "${S#\\*}", "${S/\\*/+}", "${S//?/.}", "${U/a/b}", "${U##*}"})
    void agreesWithBash(String expression) throws IOException, InterruptedException {
        HostTools.require("bash");
        Map<String, String> env = Map.of("X", "/usr/local/lib/file.tar.gz", "E", "", "S", "*a*b*");
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", "printf %s \"" + expression + "\"");
        bash.environment().clear();
        bash.environment().putAll(env);
        Process process = bash.start();
        String expected = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();

        assertThat(expander.expand(expression, env)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = 0, textBlock = """
            `$PWD|$PWD
            a\\b`c|a\\bc
            "`"x`""|"x"
            """)
    void usesTheDockerfileEscapeCharacter(String word, String expected) {
        assertThat(new WordExpander('`').expand(word, ENV)).isEqualTo(expected);
    }
}
