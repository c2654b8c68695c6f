package crate.app.config;

/**
 * Where an effective setting came from, as {@code crate config show} names it: the built-in
 * default, a line of the configuration file, or a command-line flag (which wins).
 */
public record Origin(Kind kind, String where) {
    public enum Kind { DEFAULT, FILE, FLAG }

    public static final Origin DEFAULT = new Origin(Kind.DEFAULT, "default");

    /** A value of {@code file} at {@code line} (0: the line is not known). */
    static Origin file(java.nio.file.Path file, int line) {
        return new Origin(Kind.FILE, line > 0 ? file + ":" + line : file.toString());
    }

    static Origin flag(String flag) {
        return new Origin(Kind.FLAG, flag);
    }

    @Override
    public String toString() {
        return where;
    }
}
