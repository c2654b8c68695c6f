package crate.runtime.json;

import crate.api.spec.ConsoleSize;
import crate.api.spec.LinuxCapabilities;
import crate.api.spec.Process;
import crate.api.spec.Rlimit;
import crate.api.spec.User;
import java.math.BigInteger;
import java.util.List;

/** config.json's {@code process} (also {@code crate exec --process}): its records read and written field by field. */
public final class ProcessJson {
    private ProcessJson() {}

    public static Process read(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        boolean terminal = false;
        User user = null;
        List<String> args = null;
        List<String> env = null;
        String cwd = null;
        boolean noNewPrivileges = false;
        List<Rlimit> rlimits = null;
        Integer oomScoreAdj = null;
        ConsoleSize consoleSize = null;
        LinuxCapabilities capabilities = null;
        String apparmorProfile = null;
        String selinuxLabel = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "terminal" -> terminal = in.bool();
                case "user" -> user = readUser(in);
                case "args" -> args = in.stringList();
                case "env" -> env = in.stringList();
                case "cwd" -> cwd = in.string();
                case "noNewPrivileges" -> noNewPrivileges = in.bool();
                case "rlimits" -> rlimits = in.list(ProcessJson::readRlimit);
                case "oomScoreAdj" -> oomScoreAdj = in.integer();
                case "consoleSize" -> consoleSize = readConsoleSize(in);
                case "capabilities" -> capabilities = readCapabilities(in);
                case "apparmorProfile" -> apparmorProfile = in.string();
                case "selinuxLabel" -> selinuxLabel = in.string();
                default -> in.skipValue();
            }
        }
        try {
            return new Process(terminal, user, args, env, cwd, noNewPrivileges, rlimits, oomScoreAdj, consoleSize, capabilities,
                    apparmorProfile, selinuxLabel);
        } catch (NullPointerException e) {
            throw in.cannotConstruct(Process.class);
        }
    }

    public static void write(JsonWriter out, Process process) {
        out.beginObject()
                .field("terminal", process.terminal())
                .objectField("user", process.user(), ProcessJson::writeUser)
                .stringListField("args", process.args())
                .stringListField("env", process.env())
                .stringField("cwd", process.cwd())
                .field("noNewPrivileges", process.noNewPrivileges())
                .listField("rlimits", process.rlimits(), ProcessJson::writeRlimit)
                .numberField("oomScoreAdj", process.oomScoreAdj())
                .objectField("consoleSize", process.consoleSize(), ProcessJson::writeConsoleSize)
                .objectField("capabilities", process.capabilities(), ProcessJson::writeCapabilities)
                .stringField("apparmorProfile", process.apparmorProfile())
                .stringField("selinuxLabel", process.selinuxLabel())
                .endObject();
    }

    private static User readUser(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        int uid = 0;
        int gid = 0;
        Integer umask = null;
        List<Integer> additionalGids = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "uid" -> uid = in.intValue();
                case "gid" -> gid = in.intValue();
                case "umask" -> umask = in.integer();
                case "additionalGids" -> additionalGids = in.list(JsonReader::integer);
                default -> in.skipValue();
            }
        }
        try {
            return new User(uid, gid, umask, additionalGids);
        } catch (NullPointerException e) {
            throw in.cannotConstruct(User.class);
        }
    }

    private static void writeUser(JsonWriter out, User user) {
        out.beginObject()
                .field("uid", user.uid())
                .field("gid", user.gid())
                .numberField("umask", user.umask())
                .numberListField("additionalGids", user.additionalGids())
                .endObject();
    }

    private static Rlimit readRlimit(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        String type = null;
        BigInteger hard = null;
        BigInteger soft = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "type" -> type = in.string();
                case "hard" -> hard = in.bigInteger();
                case "soft" -> soft = in.bigInteger();
                default -> in.skipValue();
            }
        }
        return new Rlimit(type, hard, soft);
    }

    private static void writeRlimit(JsonWriter out, Rlimit rlimit) {
        out.beginObject()
                .stringField("type", rlimit.type())
                .numberField("hard", rlimit.hard())
                .numberField("soft", rlimit.soft())
                .endObject();
    }

    private static ConsoleSize readConsoleSize(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        int height = 0;
        int width = 0;
        while (in.nextField()) {
            switch (in.field()) {
                case "height" -> height = in.intValue();
                case "width" -> width = in.intValue();
                default -> in.skipValue();
            }
        }
        return new ConsoleSize(height, width);
    }

    private static void writeConsoleSize(JsonWriter out, ConsoleSize size) {
        out.beginObject().field("height", size.height()).field("width", size.width()).endObject();
    }

    private static LinuxCapabilities readCapabilities(JsonReader in) throws JsonException {
        if (!in.beginObject()) {
            return null;
        }
        List<String> bounding = null;
        List<String> effective = null;
        List<String> inheritable = null;
        List<String> permitted = null;
        List<String> ambient = null;
        while (in.nextField()) {
            switch (in.field()) {
                case "bounding" -> bounding = in.stringList();
                case "effective" -> effective = in.stringList();
                case "inheritable" -> inheritable = in.stringList();
                case "permitted" -> permitted = in.stringList();
                case "ambient" -> ambient = in.stringList();
                default -> in.skipValue();
            }
        }
        try {
            return new LinuxCapabilities(bounding, effective, inheritable, permitted, ambient);
        } catch (NullPointerException e) {
            throw in.cannotConstruct(LinuxCapabilities.class);
        }
    }

    private static void writeCapabilities(JsonWriter out, LinuxCapabilities capabilities) {
        out.beginObject()
                .stringListField("bounding", capabilities.bounding())
                .stringListField("effective", capabilities.effective())
                .stringListField("inheritable", capabilities.inheritable())
                .stringListField("permitted", capabilities.permitted())
                .stringListField("ambient", capabilities.ambient())
                .endObject();
    }
}
