package io.cmkworker.it;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The catalogue of invalid values {@link FuzzRecords} puts into requests, one list per field, each
 * value labelled and marked with what the worker must make of it: a dead letter (no usable request or
 * org ID, so no outcome can be addressed) or a {@code REJECTED} outcome. Every value is invalid by the
 * rules of RequestValidator and KeyVaultRules as documented; none is checked by calling them.
 */
final class FuzzRecordsVariants {

    private final String tag;
    private final String credential;
    private final Random random;

    FuzzRecordsVariants(String tag, String credential, Random random) {
        this.tag = tag;
        this.credential = credential;
        this.random = random;
    }

    /** One way to make one field invalid; {@code value} gets the case's sequence number. */
    record Bad(String label, IntFunction<String> value, boolean deadLetter) {
        static Bad rejected(String label, IntFunction<String> value) {
            return new Bad(label, value, false);
        }

        static Bad dead(String label, IntFunction<String> value) {
            return new Bad(label, value, true);
        }
    }

    List<Bad> requestId() {
        return List.of(
                Bad.dead("empty", n -> ""),
                Bad.dead("space", n -> " "),
                Bad.dead("spaces", n -> "    "),
                Bad.dead("tab", n -> "\t"),
                Bad.dead("newline", n -> "\n"),
                Bad.dead("CRLF", n -> "\r\n"),
                Bad.dead("ideographic space", n -> ch(0x3000)),
                Bad.dead("em space", n -> ch(0x2003) + ch(0x2003)),
                Bad.dead("129 characters", n -> pad(tag + "-" + n + "-", 129, 'r')),
                Bad.dead("200 characters", n -> pad(tag + "-" + n + "-", 200, 'r')),
                Bad.dead("100 KB", n -> pad(tag + "-" + n + "-", 100 * 1024, 'r')),
                Bad.rejected("inner space", n -> tag + " " + n),
                Bad.rejected("inner newline", n -> tag + "\n" + n),
                Bad.rejected("ANSI escape", n -> tag + ch(0x1b) + "[31m" + n),
                Bad.rejected("unicode", n -> tag + "-r" + ch(0xE9) + "q-" + n),
                Bad.rejected("no-break space", n -> ch(0xA0) + tag + "-" + n),
                Bad.rejected("zero-width space", n -> tag + ch(0x200B) + n),
                Bad.rejected("DEL", n -> tag + ch(0x7F) + n),
                Bad.rejected("NUL", n -> tag + ch(0) + n));
    }

    List<Bad> orgId() {
        return List.of(
                Bad.dead("empty", n -> ""),
                Bad.dead("space", n -> " "),
                Bad.dead("newline", n -> "\n"),
                Bad.dead("129 characters", n -> pad(String.format("FZ%08X", n), 120, 'A') + "@AdobeOrg"),
                Bad.dead("100 KB", n -> pad(String.format("FZ%08X", n), 100 * 1024, 'B') + "@AdobeOrg"),
                // as key and in the value, over the 900 KiB a dead letter keeps: the value is omitted, the
                // request ID header stays
                Bad.dead("480 KB", n -> pad(String.format("FZ%08X", n), 480 * 1024, 'C') + "@AdobeOrg"),
                Bad.rejected("no @AdobeOrg", n -> String.format("FZ%022X", n)),
                Bad.rejected("lower-case suffix", n -> String.format("FZ%022X@adobeorg", n)),
                Bad.rejected("other suffix", n -> String.format("FZ%022X@AdobeOrg.evil.com", n)),
                Bad.rejected("trailing newline", n -> FuzzRecords.orgId(n) + "\n"),
                Bad.rejected("inner newline", n -> String.format("FZ%08X\n%014X@AdobeOrg", n, n)),
                Bad.rejected("unicode letter", n -> String.format("FZ%021X", n) + ch(0xC4) + "@AdobeOrg"),
                Bad.rejected("fullwidth digit", n -> String.format("FZ%021X", n) + ch(0xFF11) + "@AdobeOrg"),
                Bad.rejected("Cyrillic A", n -> String.format("FZ%021X", n) + ch(0x0410) + "@AdobeOrg"),
                Bad.rejected("path", n -> "../" + FuzzRecords.orgId(n)),
                Bad.rejected("slash", n -> String.format("FZ%08X/%013X@AdobeOrg", n, n)),
                Bad.rejected("twice", n -> FuzzRecords.orgId(n) + "@AdobeOrg"),
                Bad.rejected("65 characters before the suffix",
                        n -> pad(String.format("FZ%08X", n), 65, 'C') + "@AdobeOrg"),
                Bad.rejected("128 characters", n -> pad(String.format("FZ%08X", n), 119, 'D') + "@AdobeOrg"),
                Bad.rejected("leading space", n -> " " + FuzzRecords.orgId(n)),
                Bad.rejected("ANSI escape", n -> String.format("FZ%08X", n) + ch(0x1b) + "[2J@AdobeOrg"));
    }

    List<Bad> region() {
        return List.of(
                Bad.rejected("unknown", n -> "MARS" + (n % 10)),
                Bad.rejected("unknown EU1", n -> "EU1"),
                Bad.rejected("lower-case garbage", n -> randomLower(1 + random.nextInt(12))),
                Bad.rejected("close to VA7", n -> "va8"),
                Bad.rejected("close to NLD2", n -> "NLD"),
                Bad.rejected("empty", n -> ""),
                Bad.rejected("blank", n -> "   "),
                Bad.rejected("inner newline", n -> "VA\n7"),
                Bad.rejected("trailing newline", n -> "VA7\n"),
                Bad.rejected("leading NUL", n -> ch(0) + "AUS5"),
                Bad.rejected("long s (upper-cases to S)", n -> "au" + ch(0x17F) + "5"),
                Bad.rejected("fullwidth", n -> ch(0xFF36) + ch(0xFF21) + "7"),
                Bad.rejected("injection", n -> "VA7; DROP TABLE orgs"),
                Bad.rejected("host", n -> "evil.com"),
                Bad.rejected("100 KB", n -> pad("VA7", 100 * 1024, '7')));
    }

    List<Bad> configName() {
        return List.of(
                Bad.rejected("slash", n -> "cfg/" + n),
                Bad.rejected("dot-dot slash", n -> "../cfg-" + n),
                Bad.rejected("dot-dot", n -> ".."),
                Bad.rejected("dot", n -> "."),
                Bad.rejected("space", n -> "cfg " + n),
                Bad.rejected("unicode", n -> "cfg-" + ch(0xE9) + "-" + n),
                Bad.rejected("newline", n -> "cfg\n" + n),
                Bad.rejected("percent-encoded dot-dot", n -> "%2e%2e"),
                Bad.rejected("percent-encoded", n -> "cfg%2F" + n),
                Bad.rejected("65 characters", n -> pad("cfg-" + n + "-", 65, 'x')),
                Bad.rejected("100 KB", n -> pad("cfg-" + n + "-", 100 * 1024, 'x')),
                Bad.rejected("empty", n -> ""),
                Bad.rejected("blank", n -> "  "),
                Bad.rejected("query", n -> "cfg?configType=x" + n),
                Bad.rejected("fragment", n -> "cfg#" + n),
                Bad.rejected("backslash", n -> "cfg\\" + n),
                Bad.rejected("NUL", n -> "cfg" + ch(0) + n),
                Bad.rejected("right-to-left override", n -> "cfg" + ch(0x202E) + n));
    }

    List<Bad> provider() {
        return List.of(
                Bad.rejected("AWS", n -> "AWS_KMS"),
                Bad.rejected("lower case", n -> "azure_keyvault"),
                Bad.rejected("empty", n -> ""),
                Bad.rejected("trailing space", n -> "AZURE_KEYVAULT "),
                Bad.rejected("newline", n -> "AZURE_KEYVAULT\n"),
                Bad.rejected("Greek Alpha", n -> "AZURE_KEYV" + ch(0x391) + "ULT"),
                Bad.rejected("100 KB", n -> pad("AZURE_KEYVAULT", 100 * 1024, 'T')));
    }

    List<Bad> keyId() {
        String version = "/7c1d50lo28234cc895534c00d7eb4eb4";
        return List.of(
                Bad.rejected("http", n -> "http://fzv" + n + ".vault.azure.net/keys/k" + version),
                Bad.rejected("foreign host", n -> "https://attacker.example.com/keys/k" + n),
                Bad.rejected("foreign host in vault disguise",
                        n -> "https://fzv" + n + ".vault.azure.net.evil.com/keys/k"),
                Bad.rejected("userinfo: vault@evil", n -> "https://fzv" + n + ".vault.azure.net@evil.com/keys/k"),
                Bad.rejected("userinfo: evil@vault", n -> "https://evil.com@fzv" + n + ".vault.azure.net/keys/k"),
                Bad.rejected("empty userinfo", n -> "https://@fzv" + n + ".vault.azure.net/keys/k"),
                Bad.rejected("port 443", n -> "https://fzv" + n + ".vault.azure.net:443/keys/k"),
                Bad.rejected("port 8443", n -> "https://fzv" + n + ".vault.azure.net:8443/keys/k" + version),
                Bad.rejected("empty port", n -> "https://fzv" + n + ".vault.azure.net:/keys/k"),
                Bad.rejected("query", n -> "https://fzv" + n + ".vault.azure.net/keys/k?api-version=7.4"),
                Bad.rejected("empty query", n -> "https://fzv" + n + ".vault.azure.net/keys/k?"),
                Bad.rejected("fragment", n -> "https://fzv" + n + ".vault.azure.net/keys/k#frag"),
                Bad.rejected("traversal to secrets", n -> "https://fzv" + n + ".vault.azure.net/keys/../secrets/x"),
                Bad.rejected("traversal after key", n -> "https://fzv" + n + ".vault.azure.net/keys/k/../../secrets/x"),
                Bad.rejected("dot-dot key", n -> "https://fzv" + n + ".vault.azure.net/keys/.."),
                Bad.rejected("encoded dot-dot key", n -> "https://fzv" + n + ".vault.azure.net/keys/%2e%2e"),
                Bad.rejected("encoded slash", n -> "https://fzv" + n + ".vault.azure.net/keys/k%2F..%2Fsecrets"),
                Bad.rejected("secrets path", n -> "https://fzv" + n + ".vault.azure.net/secrets/k"),
                Bad.rejected("extra segment", n -> "https://fzv" + n + ".vault.azure.net/keys/k" + version + "/x"),
                Bad.rejected("no path", n -> "https://fzv" + n + ".vault.azure.net"),
                Bad.rejected("double slash", n -> "https://fzv" + n + ".vault.azure.net//keys/k"),
                Bad.rejected("vault name too short", n -> "https://ab.vault.azure.net/keys/k" + n),
                Bad.rejected("vault name too long",
                        n -> "https://" + pad("fzv" + n, 25, 'v') + ".vault.azure.net/keys/k"),
                Bad.rejected("vault name with --", n -> "https://fz--v" + n + ".vault.azure.net/keys/k"),
                Bad.rejected("vault name starts with a digit", n -> "https://1fzv" + n + ".vault.azure.net/keys/k"),
                Bad.rejected("vault name ends with -", n -> "https://fzv" + n + "-.vault.azure.net/keys/k"),
                Bad.rejected("no vault name", n -> "https://vault.azure.net/keys/k" + n),
                Bad.rejected("two labels before the suffix", n -> "https://a.fzv" + n + ".vault.azure.net/keys/k"),
                Bad.rejected("trailing dot host", n -> "https://fzv" + n + ".vault.azure.net./keys/k"),
                Bad.rejected("key name with _", n -> "https://fzv" + n + ".vault.azure.net/keys/key_name"),
                Bad.rejected("key name with .", n -> "https://fzv" + n + ".vault.azure.net/keys/key.name"),
                Bad.rejected("key name with space", n -> "https://fzv" + n + ".vault.azure.net/keys/key name"),
                Bad.rejected("key name with ;", n -> "https://fzv" + n + ".vault.azure.net/keys/k;x"),
                Bad.rejected("key name with accent",
                        n -> "https://fzv" + n + ".vault.azure.net/keys/k" + ch(0xE9) + "y"),
                Bad.rejected("key name Kelvin sign (lower-cases to k)", n -> "https://fzv" + n
                        + ".vault.azure.net/keys/" + ch(0x212A) + "ey"),
                Bad.rejected("key name 128 characters", n -> "https://fzv" + n + ".vault.azure.net/keys/"
                        + pad("k", 128, 'k')),
                Bad.rejected("empty key name", n -> "https://fzv" + n + ".vault.azure.net/keys/"),
                Bad.rejected("empty version", n -> "https://fzv" + n + ".vault.azure.net/keys/k/"),
                Bad.rejected("version 31 characters", n -> "https://fzv" + n + ".vault.azure.net/keys/k/"
                        + pad("", 31, 'a')),
                Bad.rejected("version 33 characters", n -> "https://fzv" + n + ".vault.azure.net/keys/k/"
                        + pad("", 33, 'b')),
                Bad.rejected("version with _", n -> "https://fzv" + n + ".vault.azure.net/keys/k/"
                        + pad("_", 32, 'c')),
                Bad.rejected("version with Kelvin sign", n -> "https://fzv" + n + ".vault.azure.net/keys/k/"
                        + pad(ch(0x212A), 32, 'd')),
                Bad.rejected("513 characters", n -> "https://fzv" + n + ".vault.azure.net/keys/" + pad("k", 513, 'k')),
                Bad.rejected("100 KB", n -> "https://fzv" + n + ".vault.azure.net/keys/" + pad("k", 100 * 1024, 'k')),
                Bad.rejected("newline", n -> "https://fzv" + n + ".vault.azure.net/keys/k\n"),
                Bad.rejected("CR LF header injection", n -> "https://fzv" + n + ".vault.azure.net/keys/k\r\nX-Evil: 1"),
                Bad.rejected("ANSI escape", n -> "https://fzv" + n + ".vault.azure.net/keys/k" + ch(0x1b) + "[0m"),
                Bad.rejected("NUL", n -> "https://fzv" + n + ".vault.azure.net/keys/k" + ch(0)),
                Bad.rejected("tab", n -> "https://fzv" + n + ".vault.azure.net/keys/\tk"),
                Bad.rejected("line separator", n -> "https://fzv" + n + ".vault.azure.net/keys/k" + ch(0x2028)),
                Bad.rejected("Cyrillic a in vault", n -> "https://fzv" + n + ".v" + ch(0x430) + "ult.azure.net/keys/k"),
                Bad.rejected("Cyrillic y in vault name", n -> "https://fzm" + ch(0x443) + "v" + n
                        + ".vault.azure.net/keys/k"),
                Bad.rejected("fullwidth dot", n -> "https://fzv" + n + ch(0xFF0E) + "vault.azure.net/keys/k"),
                Bad.rejected("IP host", n -> "https://127.0.0." + (n % 250) + "/keys/k"),
                Bad.rejected("IPv6 host", n -> "https://[::1]/keys/k" + n),
                Bad.rejected("backslash", n -> "https://evil.com\\@fzv" + n + ".vault.azure.net/keys/k"),
                Bad.rejected("leading space", n -> " https://fzv" + n + ".vault.azure.net/keys/k"),
                Bad.rejected("no scheme", n -> "//fzv" + n + ".vault.azure.net/keys/k"),
                Bad.rejected("opaque", n -> "https:fzv" + n + ".vault.azure.net/keys/k"),
                Bad.rejected("file", n -> "file:///etc/passwd" + n),
                Bad.rejected("javascript", n -> "javascript:alert(" + n + ")"),
                Bad.rejected("percent host", n -> "https://fzv" + n + "%2Evault.azure.net/keys/k"),
                Bad.rejected("empty", n -> ""),
                Bad.rejected("blank", n -> "   "));
    }

    List<Bad> credential() {
        return List.of(
                Bad.rejected("unknown", n -> "nobody"),
                Bad.rejected("upper case", n -> credential.toUpperCase(Locale.ROOT)),
                Bad.rejected("trailing space", n -> credential + " "),
                Bad.rejected("newline", n -> credential + "\n"),
                Bad.rejected("a config key", n -> "credentials." + credential + ".client.secret"),
                Bad.rejected("path", n -> "../" + credential),
                Bad.rejected("100 KB", n -> pad(credential, 100 * 1024, 'z')),
                Bad.rejected("empty", n -> ""));
    }

    private String randomLower(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    /** {@code prefix} padded with {@code fill} to {@code length} characters. */
    static String pad(String prefix, int length, char fill) {
        StringBuilder s = new StringBuilder(length).append(prefix);
        while (s.length() < length) {
            s.append(fill);
        }
        return s.toString();
    }

    static String ch(int codePoint) {
        return new String(Character.toChars(codePoint));
    }
}
