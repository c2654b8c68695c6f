package crate.api.spec;

/** The runtime-spec {@code process.consoleSize}: the terminal's size in characters. */
public record ConsoleSize(int height, int width) {}
