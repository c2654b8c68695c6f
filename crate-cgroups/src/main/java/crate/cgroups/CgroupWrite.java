package crate.cgroups;

/** One value to write into one interface file of a cgroup, for example memory.max = "8388608". */
public record CgroupWrite(String file, String value) {

    /** The controller that provides the file ("memory" for memory.max), by cgroupfs naming. */
    public String controller() {
        int dot = file.indexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }

    @Override
    public String toString() {
        return file + "=" + value;
    }
}
