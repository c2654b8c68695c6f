package crate.runtime.json;

/**
 * Decodes one UTF-8 sequence inside a JSON string, strictly: no overlong forms, no encoded
 * surrogates, nothing above U+10FFFF (RFC 8259 documents are UTF-8; Jackson let some of
 * these through, crate does not).
 */
final class Utf8 {
    private Utf8() {}

    /** Makes the error for a bad byte at an index. */
    @FunctionalInterface
    interface Failure {
        JsonException at(int index, String problem);
    }

    /**
     * Appends the character whose first byte (0x80 or above) is at {@code i}.
     *
     * @return the index past the sequence
     */
    static int decode(byte[] in, int i, StringBuilder out, Failure fail) throws JsonException {
        int lead = in[i] & 0xff;
        int more;
        int code;
        int min;
        if (lead >= 0xc0 && lead <= 0xdf) {
            more = 1;
            code = lead & 0x1f;
            min = 0x80;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            more = 2;
            code = lead & 0x0f;
            min = 0x800;
        } else if (lead >= 0xf0 && lead <= 0xf7) {
            more = 3;
            code = lead & 0x07;
            min = 0x10000;
        } else {
            throw fail.at(i, "Invalid UTF-8 start byte 0x" + Integer.toHexString(lead));
        }
        for (int k = 1; k <= more; k++) {
            if (i + k >= in.length) {
                throw fail.at(i + k - 1, "Unexpected end-of-input in VALUE_STRING");
            }
            int next = in[i + k] & 0xff;
            if ((next & 0xc0) != 0x80) {
                throw fail.at(i + k - 1, "Invalid UTF-8 middle byte 0x" + Integer.toHexString(next));
            }
            code = code << 6 | (next & 0x3f);
        }
        if (code >= Character.MIN_SURROGATE && code <= Character.MAX_SURROGATE) {
            throw fail.at(i + more, "Invalid UTF-8: Illegal surrogate character 0x" + Integer.toHexString(code));
        }
        if (code < min || code > Character.MAX_CODE_POINT) {
            throw fail.at(i + more, "Invalid UTF-8: Illegal character 0x" + Integer.toHexString(code));
        }
        out.appendCodePoint(code);
        return i + more + 1;
    }
}
