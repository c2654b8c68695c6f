package crate.runtime.json;

import java.util.Arrays;

/**
 * Where the reader is: per open object or array, the field or index at hand. Errors name it
 * as Jackson's path did ({@code process.args[0]}).
 */
final class JsonPath {
    private String[] fields = new String[16];
    private int[] indexes = new int[16];
    private boolean[] maps = new boolean[16];
    private int depth;
    /** While an unknown field is skipped: frames from here on are not named (Jackson's were not). */
    private int quietFrom = Integer.MAX_VALUE;

    int depth() {
        return depth;
    }

    void push() {
        if (depth == fields.length) {
            fields = Arrays.copyOf(fields, depth * 2);
            indexes = Arrays.copyOf(indexes, depth * 2);
            maps = Arrays.copyOf(maps, depth * 2);
        }
        fields[depth] = null;
        indexes[depth] = -1;
        maps[depth] = false;
        depth++;
    }

    void pop() {
        depth--;
    }

    /** Whether the innermost container has had a member yet. */
    boolean hasMember() {
        return fields[depth - 1] != null || indexes[depth - 1] >= 0;
    }

    void field(String name) {
        fields[depth - 1] = name;
    }

    String field() {
        return fields[depth - 1];
    }

    /** Moves the innermost array to its next element. */
    void nextIndex() {
        indexes[depth - 1]++;
    }

    /** The innermost object is a map: errors in its strings name the map, not the key (as Jackson). */
    void markMap() {
        maps[depth - 1] = true;
    }

    boolean quiet() {
        return quietFrom != Integer.MAX_VALUE;
    }

    /** Stops naming the member at hand and what is inside it; returns what to pass to {@link #endQuiet}. */
    int beginQuiet() {
        int before = quietFrom;
        quietFrom = Math.min(quietFrom, depth - 1);
        return before;
    }

    void endQuiet(int before) {
        quietFrom = before;
    }

    /** The path of the value at hand ({@code mounts[1].options}). */
    String value() {
        return render(depth);
    }

    /** The path of the innermost container ({@code mounts[1]}). */
    String container() {
        return render(depth - 1);
    }

    /** The path for an error inside a string value, as Jackson gave it. */
    String insideString() {
        return quiet() || (depth > 0 && maps[depth - 1]) ? container() : value();
    }

    private String render(int frames) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(frames, quietFrom); i++) {
            if (fields[i] != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(fields[i]);
            } else if (indexes[i] >= 0) {
                out.append('[').append(indexes[i]).append(']');
            }
        }
        return out.toString();
    }
}
