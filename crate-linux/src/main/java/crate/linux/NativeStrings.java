package crate.linux;

import com.sun.jna.StringArray;
import java.util.List;

/** NULL-terminated C string arrays (argv, envp) in native memory. */
final class NativeStrings {
    private NativeStrings() {}

    static StringArray array(List<String> strings) {
        return new StringArray(strings.toArray(String[]::new), "UTF-8");
    }
}
