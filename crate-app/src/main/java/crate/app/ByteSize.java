package crate.app;

import crate.api.CrateException;
import java.util.Locale;

/** Docker's memory sizes: a number of bytes with an optional unit b, k, m, g, t (1024-based). */
final class ByteSize {
    private ByteSize() {}

    /**
     * Parses a size such as 512m into bytes; -1 stays -1 (unlimited, as Docker's --memory-swap -1).
     *
     * @param flag the flag the value came with, for the error
     */
    static long parse(String flag, String value) throws CrateException {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("-1")) {
            return -1;
        }
        if (text.endsWith("b") && text.length() > 1 && Character.isLetter(text.charAt(text.length() - 2))) {
            text = text.substring(0, text.length() - 1); // "512mb" as Docker reads it
        }
        int shift = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
            case 'b' -> 0;
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> -1;
        };
        String number = shift < 0 ? text : text.substring(0, text.length() - 1);
        try {
            double amount = Double.parseDouble(number);
            double bytes = Math.floor(amount * (1L << Math.max(shift, 0)));
            if (number.isEmpty() || !Character.isDigit(number.charAt(0)) || bytes <= 0 || bytes > Long.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (long) bytes;
        } catch (NumberFormatException e) {
            throw new CrateException(flag + " " + value + ": not a size (a positive number with an optional unit b, k, m, g or t)");
        }
    }
}
