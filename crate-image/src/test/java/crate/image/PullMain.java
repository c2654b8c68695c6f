package crate.image;

import crate.api.image.ImageSettings;
import crate.api.image.PullProgress;
import crate.api.image.PullRequest;
import crate.image.testing.DirectoryBlobSource;
import crate.image.testing.TestImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A second process for {@link CrossProcessPullIT}: pulls sample image "a" or "b" into the
 * store at args[0] from a registry directory of its own (args[1]), printing "PHASE DIGEST" for
 * every layer that ended DONE or EXISTS, then "ID " and the image ID.
 */
public final class PullMain {
    private PullMain() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        DirectoryBlobSource source = new DirectoryBlobSource(Path.of(args[1]));
        TestImage image = args[2].equals("a") ? SampleImages.a() : SampleImages.b();
        source.add("example.com/" + args[2] + ":1", image);
        ImageSettings settings = new ImageSettings(root, List.of("example.com"), List.of(), Map.of(), Optional.empty(), 3);
        ImagePuller puller = new ImagePuller(settings, (s, r) -> source);
        var local = puller.pull(PullRequest.of("example.com/" + args[2] + ":1"), (digest, phase, done, total) -> {
            if (phase == PullProgress.Phase.DONE || phase == PullProgress.Phase.EXISTS) {
                synchronized (System.out) {
                    System.out.println(phase + " " + digest);
                }
            }
        });
        System.out.println("ID " + local.id());
    }
}
