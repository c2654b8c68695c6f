package crate.app;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints rows as left-aligned columns three spaces apart, as runc's list does; the first row is the header. */
final class Table {
    private Table() {}

    static void print(List<String[]> rows, PrintStream out) {
        lines(rows).forEach(out::println);
    }

    static void print(List<String[]> rows, PrintWriter out) {
        lines(rows).forEach(out::println);
    }

    static List<String> lines(List<String[]> rows) {
        List<String> lines = new ArrayList<>();
        int columns = rows.stream().mapToInt(row -> row.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 3) + "s", row[i]));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
