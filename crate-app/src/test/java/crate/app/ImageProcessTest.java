package crate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import crate.api.CrateException;
import crate.api.image.ImageConfig;
import crate.api.image.LocalImage;
import crate.api.spec.User;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The process of crate run IMAGE: the image's configuration under the flags. */
class ImageProcessTest {
    private static final UserFiles FILES = path -> switch (path) {
        case "etc/passwd" -> List.of("root:x:0:0:root:/root:/bin/sh", "www:x:33:34:www:/var/www:/bin/false");
        case "etc/group" -> List.of("root:x:0:", "staff:x:50:", "www:x:34:");
        default -> List.of();
    };

    private static LocalImage image(List<String> entrypoint, List<String> cmd, List<String> env, String workdir, String user,
            List<String> ports) {
        return new LocalImage("sha256:" + "ab".repeat(32), List.of("docker.io/library/app:1"), "sha256:" + "cd".repeat(32),
                100, Instant.EPOCH, new ImageConfig(entrypoint, cmd, env, workdir, user, ports, Map.of(), "linux", "amd64", ""),
                List.of(Path.of("/l/1")));
    }

    private static ImageProcess.Flags flags(List<String> command) {
        return new ImageProcess.Flags(command, List.of(), null, null, false, "c1");
    }

    private static ImageProcess.Flags flags(List<String> env, String workdir, String user, boolean tty) {
        return new ImageProcess.Flags(List.of(), env, workdir, user, tty, "c1");
    }

    private static LocalImage withCmd(List<String> entrypoint, List<String> cmd) {
        return image(entrypoint, cmd, List.of(), "", "", List.of());
    }

    @Test
    void argsAreEntrypointThenTheCommandOrElseCmd() throws CrateException {
        assertEquals(List.of("sh"), ImageProcess.of(withCmd(List.of(), List.of("sh")), "app", flags(List.of()), FILES).args());
        assertEquals(List.of("echo", "hi"),
                ImageProcess.of(withCmd(List.of(), List.of("sh")), "app", flags(List.of("echo", "hi")), FILES).args());
        assertEquals(List.of("/entry", "--serve"),
                ImageProcess.of(withCmd(List.of("/entry"), List.of("--serve")), "app", flags(List.of()), FILES).args());
        assertEquals(List.of("/entry", "--debug"),
                ImageProcess.of(withCmd(List.of("/entry"), List.of("--serve")), "app", flags(List.of("--debug")), FILES).args());
        assertEquals(List.of("/entry"), ImageProcess.of(withCmd(List.of("/entry"), List.of()), "app", flags(List.of()), FILES).args());
    }

    @Test
    void neitherEntrypointNorCmdNorCommandIsAnError() {
        CrateException e = assertThrows(CrateException.class,
                () -> ImageProcess.of(withCmd(List.of(), List.of()), "app:1", flags(List.of()), FILES));
        assertEquals("image app:1 has no Entrypoint or Cmd: give a command", e.getMessage());
    }

    @Test
    void envIsTheImagesThenHostnameThenTheFlags() throws CrateException {
        LocalImage image = image(List.of(), List.of("sh"), List.of("PATH=/app/bin:/bin", "A=image", "B=image"), "", "", List.of());
        ImageProcess process = ImageProcess.of(image, "app", flags(List.of("B=flag", "C=flag"), null, null, false), FILES);
        assertEquals(List.of("PATH=/app/bin:/bin", "A=image", "HOSTNAME=c1", "B=flag", "C=flag"), process.env());
    }

    @Test
    void envGetsDockersPathIfTheImageHasNoneAndTermWithATerminal() throws CrateException {
        ImageProcess process = ImageProcess.of(image(List.of(), List.of("sh"), List.of("A=1"), "", "", List.of()), "app",
                flags(List.of(), null, null, true), FILES);
        assertEquals(List.of("A=1", DefaultSpec.DEFAULT_ENV.getFirst(), "TERM=xterm", "HOSTNAME=c1"), process.env());
    }

    @Test
    void cwdIsTheFlagElseWorkingDirElseRoot() throws CrateException {
        assertEquals("/srv", ImageProcess.of(image(List.of(), List.of("sh"), List.of(), "/srv", "", List.of()), "app",
                flags(List.of(), null, null, false), FILES).cwd());
        assertEquals("/tmp", ImageProcess.of(image(List.of(), List.of("sh"), List.of(), "/srv", "", List.of()), "app",
                flags(List.of(), "/tmp", null, false), FILES).cwd());
        assertEquals("/", ImageProcess.of(withCmd(List.of(), List.of("sh")), "app", flags(List.of()), FILES).cwd());
        assertEquals("/rel", ImageProcess.of(image(List.of(), List.of("sh"), List.of(), "rel", "", List.of()), "app",
                flags(List.of(), null, null, false), FILES).cwd());
    }

    @Test
    void userIsTheFlagElseTheImagesResolvedInItsFiles() throws CrateException {
        assertEquals(new User(0, 0, null, List.of()), user("", null));
        assertEquals(new User(33, 34, null, List.of()), user("www", null));
        assertEquals(new User(33, 50, null, List.of()), user("www:staff", null));
        assertEquals(new User(1000, 0, null, List.of()), user("1000", null));
        assertEquals(new User(1000, 7, null, List.of()), user("1000:7", null));
        assertEquals(new User(0, 50, null, List.of()), user("www", "root:staff"));
        CrateException e = assertThrows(CrateException.class, () -> user("nobody", null));
        assertEquals("image app: User nobody: no user \"nobody\" in the container's /etc/passwd", e.getMessage());
        CrateException flag = assertThrows(CrateException.class, () -> user("", "www:nogroup"));
        assertEquals("--user www:nogroup: no group \"nogroup\" in the container's /etc/group", flag.getMessage());
    }

    private static User user(String imageUser, String flag) throws CrateException {
        return ImageProcess.of(image(List.of(), List.of("sh"), List.of(), "", imageUser, List.of()), "app",
                flags(List.of(), null, flag, false), FILES).user();
    }

    @Test
    void annotationsNameTheImageAndItsPorts() {
        LocalImage image = image(List.of(), List.of("sh"), List.of(), "", "", List.of("80/tcp", "443/tcp"));
        assertEquals(Map.of(ImageProcess.REF_NAME, "app:1", ImageProcess.IMAGE_ID, image.id(),
                ImageProcess.EXPOSED_PORTS, "80/tcp,443/tcp"), ImageProcess.annotations(image, "app:1"));
        assertEquals(Map.of(ImageProcess.REF_NAME, "app", ImageProcess.IMAGE_ID, image.id()),
                ImageProcess.annotations(withCmd(List.of(), List.of("sh")), "app"));
    }
}
