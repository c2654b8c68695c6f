package crate.app;

/**
 * Image names as Docker shows them: {@code docker.io/library/alpine:latest} is repository
 * {@code alpine}, tag {@code latest}; a name pulled by digest has tag {@code <none>}.
 */
final class ImageNames {
    static final String NONE = "<none>";

    /** REPOSITORY and TAG of one name. */
    record RepositoryTag(String repository, String tag) {}

    private ImageNames() {}

    static RepositoryTag split(String name) {
        int at = name.indexOf('@');
        if (at >= 0) {
            return new RepositoryTag(familiar(name.substring(0, at)), NONE);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            return new RepositoryTag(familiar(name.substring(0, colon)), name.substring(colon + 1));
        }
        return new RepositoryTag(familiar(name), NONE);
    }

    /** Docker Hub's prefixes dropped: {@code docker.io/library/alpine} is {@code alpine}. */
    static String familiar(String repository) {
        if (repository.startsWith("docker.io/library/") && repository.indexOf('/', "docker.io/library/".length()) < 0) {
            return repository.substring("docker.io/library/".length());
        }
        return repository.startsWith("docker.io/") ? repository.substring("docker.io/".length()) : repository;
    }

    /** The reference as the user typed it, with {@code :latest} when it names no tag or digest. */
    static String withDefaultTag(String reference) {
        int slash = reference.lastIndexOf('/');
        return reference.indexOf('@') >= 0 || reference.indexOf(':', slash + 1) >= 0 ? reference : reference + ":latest";
    }
}
