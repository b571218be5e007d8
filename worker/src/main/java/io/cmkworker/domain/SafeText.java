package io.cmkworker.domain;

/**
 * Makes text from input safe to show in a log line, an outcome or an error: control and line-break
 * characters are escaped (no log injection) and long text is cut.
 */
public final class SafeText {

    public static final int MAX_LENGTH = 120;

    private SafeText() {
    }

    public static String of(String text) {
        return of(text, MAX_LENGTH);
    }

    public static String of(String text, int maxLength) {
        if (text == null) {
            return "(null)";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength) + 8);
        int shown = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (shown >= maxLength) {
                out.append("...(").append(text.length()).append(" chars)");
                break;
            }
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 || Character.getType(cp) == Character.FORMAT) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
            shown++;
        }
        return out.toString();
    }
}
