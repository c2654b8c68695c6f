import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the class files of a jar that are older than Java 8 (version 52) to version 52,
 * with StackMapTable frames computed by the JDK's class-file API (JEP 484). Run by jlink.sh
 * on picocli's jar before jlink: picocli is compiled for Java 5 (version 49), and an AOT cache
 * (JEP 483) skips classes older than version 50 ("Old class has been linked"), so all of
 * picocli loaded from the image and went through the old, type-inferring verifier on every
 * start of the CLI. Version 52 changes nothing else those classes may do.
 *
 * <p>Usage: {@code java ClassFileUpgrade.java JAR}: the jar is replaced (only if a class
 * changed; running it again is a no-op). Every other entry (manifest, module-info under
 * META-INF/versions/9, resources) is copied as it is, so the jar stays the named module it
 * was. The frames need the class hierarchy at each branch merge: the jar's own classes are
 * read from the jar, the JDK's from the running JDK.
 */
public final class ClassFileUpgrade {
    private static final int TARGET = ClassFile.JAVA_8_VERSION;

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path upgraded = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int count = 0;
        try (ZipFile in = new ZipFile(jar.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(upgraded))) {
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(desc -> read(in, desc))).cached()));
            for (ZipEntry entry : in.stream().toList()) {
                byte[] bytes;
                try (InputStream data = in.getInputStream(entry)) {
                    bytes = data.readAllBytes();
                }
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    ClassModel model = classFile.parse(bytes);
                    if (model.majorVersion() < TARGET) {
                        bytes = upgrade(classFile, model);
                        count++;
                    }
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime()); // the same jar from the same input: reproducible
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        if (count == 0) {
            Files.delete(upgraded);
        } else {
            Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("ClassFileUpgrade: " + jar.getFileName() + ": " + count + " classes to version " + TARGET);
    }

    /**
     * The class at version 52, every method body written anew (ACCEPT_ALL on each code
     * attribute makes the API regenerate the code, and with it the frames, which version 49
     * lacks).
     */
    private static byte[] upgrade(ClassFile classFile, ClassModel model) {
        ClassTransform version = ClassTransform.endHandler(builder -> builder.withVersion(TARGET, 0));
        return classFile.transformClass(model,
                ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL).andThen(version));
    }

    /** A class of the jar's own, for the hierarchy resolver; null if the jar has none of that name. */
    private static InputStream read(ZipFile jar, ClassDesc desc) {
        String descriptor = desc.descriptorString(); // Lpicocli/CommandLine;
        ZipEntry entry = jar.getEntry(descriptor.substring(1, descriptor.length() - 1) + ".class");
        try {
            return entry == null ? null : jar.getInputStream(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
