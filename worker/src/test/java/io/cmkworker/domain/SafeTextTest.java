package io.cmkworker.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void keepsOrdinaryTextUnchanged() {
        String text = "acme-prod 0123@AdobeOrg é 日本 😀";

        assertThat(SafeText.of(text)).isEqualTo(text);
    }

    @Test
    void escapesNewlinesSoALogLineCannotBeForged() {
        String forged = "ok\n2025-01-01 INFO fake line\r\nmore";

        String safe = SafeText.of(forged);

        assertThat(safe).isEqualTo("ok\\u000a2025-01-01 INFO fake line\\u000d\\u000amore");
        assertThat(safe).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void escapesControlCharacters() {
        assertThat(SafeText.of("a\tb\u0000c\u001bd\u007fe\u0085f")).isEqualTo(
                "a\\u0009b\\u0000c\\u001bd\\u007fe\\u0085f");
    }

    @Test
    void escapesUnicodeLineSeparatorsAndFormatCharacters() {
        assertThat(SafeText.of("a\u2028b\u2029c\u202Ed\u200Be")).isEqualTo(
                "a\\u2028b\\u2029c\\u202ed\\u200be");
    }

    @Test
    void cutsLongTextAndSaysHowLongItWas() {
        String text = "x".repeat(500);

        String safe = SafeText.of(text);

        assertThat(safe).isEqualTo("x".repeat(SafeText.MAX_LENGTH) + "...(500 chars)");
    }

    @Test
    void keepsTextOfExactlyTheMaximumLength() {
        String text = "y".repeat(SafeText.MAX_LENGTH);

        assertThat(SafeText.of(text)).isEqualTo(text);
    }

    @Test
    void cutsAtACustomLength() {
        assertThat(SafeText.of("abcdefgh", 3)).isEqualTo("abc...(8 chars)");
    }

    @Test
    void neverSplitsASurrogatePair() {
        String safe = SafeText.of("😀😀😀", 2);

        assertThat(safe).isEqualTo("😀😀...(6 chars)");
    }

    @Test
    void showsNullAsAWord() {
        assertThat(SafeText.of(null)).isEqualTo("(null)");
    }
}
