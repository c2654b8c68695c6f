package crate.app;

import java.math.BigDecimal;
import java.math.MathContext;

/** Sizes as Docker writes them (go-units' HumanSizeWithPrecision): decimal units, "7.8MB", "142MB", "0B". */
final class HumanSize {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private HumanSize() {}

    /** {@code bytes} with {@code digits} significant digits: 3 for {@code crate images}, 4 for progress bars. */
    static String of(long bytes, int digits) {
        double size = bytes;
        int unit = 0;
        while (size >= 1000 && unit < UNITS.length - 1) {
            size /= 1000;
            unit++;
        }
        String number = new BigDecimal(size).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
        return number + UNITS[unit];
    }
}
