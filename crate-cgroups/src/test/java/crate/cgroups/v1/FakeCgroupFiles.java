package crate.cgroups.v1;

import crate.api.CrateException;
import crate.linux.ErrnoException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory cgroup directory: records writes, can refuse one with an errno, can script reads. */
final class FakeCgroupFiles implements CgroupFiles {
    private final Map<String, String> files = new HashMap<>();
    private final Map<String, Integer> refusals = new HashMap<>();
    private final Map<String, Deque<String>> scriptedReads = new HashMap<>();
    final List<String> writes = new ArrayList<>();

    /** A control file with its content. */
    FakeCgroupFiles with(String file, String content) {
        files.put(file, content);
        return this;
    }

    /** The next write of {@code value} to {@code file} fails with {@code errno}. */
    FakeCgroupFiles refuseOnce(String file, String value, int errno) {
        refusals.put(file + "=" + value, errno);
        return this;
    }

    /** Reads of {@code file} return these, in order, before its content. */
    FakeCgroupFiles reads(String file, String... contents) {
        scriptedReads.computeIfAbsent(file, f -> new ArrayDeque<>()).addAll(List.of(contents));
        return this;
    }

    @Override
    public String where() {
        return "/fake";
    }

    @Override
    public boolean exists(String file) {
        return files.containsKey(file);
    }

    @Override
    public String read(String file) throws CrateException {
        Deque<String> scripted = scriptedReads.get(file);
        if (scripted != null && !scripted.isEmpty()) {
            return scripted.removeFirst();
        }
        if (!files.containsKey(file)) {
            throw new CrateException("no " + file);
        }
        return files.get(file).strip();
    }

    @Override
    public void write(String file, String value) throws ErrnoException {
        String key = file + "=" + value;
        writes.add(key);
        Integer errno = refusals.remove(key);
        if (errno != null) {
            throw new ErrnoException("write \"" + value + "\" to /fake/" + file, errno);
        }
        if (!files.containsKey(file)) {
            throw new ErrnoException("write \"" + value + "\" to /fake/" + file, 2);
        }
        files.put(file, value);
    }
}
