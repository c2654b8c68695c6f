package crate.seccomp.compiler;

import crate.api.CrateException;

/** The SECCOMP_RET_* value a runtime-spec action (SCMP_ACT_*) returns from the filter. */
public final class Action {
    public static final int KILL_PROCESS = 0x80000000;
    public static final int KILL_THREAD = 0x00000000;
    public static final int TRAP = 0x00030000;
    public static final int ERRNO = 0x00050000;
    public static final int USER_NOTIF = 0x7fc00000;
    public static final int TRACE = 0x7ff00000;
    public static final int LOG = 0x7ffc0000;
    public static final int ALLOW = 0x7fff0000;
    /** SECCOMP_RET_ACTION_FULL: the action bits; the low 16 bits are its data (errno). */
    public static final int ACTION_MASK = 0xffff0000;

    static final int EPERM = 1;
    static final int ENOSYS = 38;

    private Action() {}

    /**
     * The filter's return value for {@code action}; ERRNO and TRACE carry {@code errnoRet}
     * (EPERM when null, as runc).
     */
    public static int of(String action, Integer errnoRet, String where) throws CrateException {
        if (action == null) {
            throw new CrateException(where + ": the action is missing");
        }
        int data = errnoRet == null ? EPERM : errnoRet;
        if (errnoRet != null && (errnoRet < 0 || errnoRet > 0xffff)) {
            throw new CrateException(where + ": errnoRet " + errnoRet + " is not an errno");
        }
        int value = switch (action) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> KILL_THREAD;
            case "SCMP_ACT_KILL_PROCESS" -> KILL_PROCESS;
            case "SCMP_ACT_TRAP" -> TRAP;
            case "SCMP_ACT_ERRNO" -> ERRNO | data;
            case "SCMP_ACT_TRACE" -> TRACE | data;
            case "SCMP_ACT_LOG" -> LOG;
            case "SCMP_ACT_ALLOW" -> ALLOW;
            case "SCMP_ACT_NOTIFY" -> USER_NOTIF;
            default -> throw new CrateException(where + ": unknown action " + action + " (expected SCMP_ACT_ALLOW, "
                    + "SCMP_ACT_ERRNO, SCMP_ACT_KILL, SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL_PROCESS, SCMP_ACT_TRAP, "
                    + "SCMP_ACT_TRACE, SCMP_ACT_LOG or SCMP_ACT_NOTIFY)");
        };
        if (errnoRet != null && (value & ACTION_MASK) != ERRNO && (value & ACTION_MASK) != TRACE) {
            throw new CrateException(where + ": errnoRet applies to SCMP_ACT_ERRNO and SCMP_ACT_TRACE only, not " + action);
        }
        return value;
    }
}
