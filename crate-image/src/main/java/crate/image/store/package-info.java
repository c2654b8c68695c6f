/**
 * crate's content-addressable image store under the data root ({@code /var/lib/crate}).
 *
 * <p>Layout ({@link crate.image.store.StoreLayout}): {@code blobs/sha256/HEX} (compressed
 * layers, manifests, configurations), {@code layers/sha256/CHAIN/{diff/,meta.json}} (unpacked
 * layers by OCI chain ID, shared between images), {@code images/ID.json} and
 * {@code images/names.json} (the index), {@code tmp/} (everything is written there first and
 * renamed in: a killed pull leaves only tmp entries, named {@code PID-STARTTIME-N}, which the
 * next pull or prune removes once that process is gone).
 *
 * <p>Concurrency: flock(2) locks (per open file description, so threads and processes are
 * alike): {@code locks/layer-CHAIN} and {@code locks/blob-HEX} let one writer make a layer or
 * blob while a second pull waits and then reuses it; {@code lock} guards short index updates;
 * {@code gc.lock} is held shared by every pull and exclusively by prune, so garbage collection
 * never removes what a running pull has stored but not yet recorded ({@code rmi} collects only
 * when no pull runs and otherwise leaves the garbage to prune). Images that containers use
 * ({@code containers/ID/image}) are never deleted.
 *
 * <p>Digests become file names only after {@link crate.image.store.Digests#valid} accepted them
 * ({@code sha256:} and 64 lower-case hex digits).
 */
package crate.image.store;
