package crate.api.spi;

import crate.api.CrateException;
import crate.api.image.ImageSettings;
import crate.api.image.LocalImage;
import crate.api.image.PruneReport;
import crate.api.image.PullProgress;
import crate.api.image.PullRequest;
import java.util.List;
import java.util.Optional;

/**
 * Images: fetches them from registries into crate's content-addressable store, verified, and
 * keeps that store ({@code crate pull}, {@code images}, {@code rmi}, {@code image prune}).
 *
 * <p>A reference names an image as Docker does: {@code alpine} is
 * {@code docker.io/library/alpine:latest}; {@code host:port/name:tag}; {@code name@sha256:...}.
 * The local operations also take an image ID or a unique prefix of one.
 */
public interface Puller {

    /** A short, unique name, shown in {@code crate plugins}. */
    String name();

    /** This puller working with {@code settings} (store location, registries, credentials). */
    Puller withSettings(ImageSettings settings);

    /**
     * Resolve the reference, fetch what the store lacks, verify every blob's digest and size
     * while it streams and unpack the layers. Nothing unverified or half unpacked enters the
     * store, also when the pull fails or is killed.
     */
    LocalImage pull(PullRequest request, PullProgress progress) throws CrateException;

    /** The stored image a reference or ID names; empty if there is none. */
    Optional<LocalImage> find(String reference) throws CrateException;

    /** Every stored image, newest first. */
    List<LocalImage> list() throws CrateException;

    /**
     * {@code crate rmi}: remove the name; delete the image once no name points at it and no
     * container uses it. A reference that is an ID deletes the image with all its names.
     *
     * @param force delete even when containers use the image, or when other names point at it
     * @return what was done, a line each ("Untagged: NAME", "Deleted: sha256:...")
     */
    List<String> remove(String reference, boolean force) throws CrateException;

    /**
     * {@code crate image prune}: delete dangling images (no name) that no container uses, then
     * every blob and unpacked layer that no stored image references.
     *
     * @param all also delete named images that no container uses
     */
    PruneReport prune(boolean all) throws CrateException;
}
