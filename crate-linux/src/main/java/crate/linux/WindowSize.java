package crate.linux;

/** A terminal's size in characters (struct winsize without the unused pixel fields). */
public record WindowSize(int rows, int columns) {
    public WindowSize {
        if (rows < 0 || rows > 0xffff || columns < 0 || columns > 0xffff) {
            throw new IllegalArgumentException("window size " + rows + "x" + columns + " out of range (0 to 65535)");
        }
    }
}
