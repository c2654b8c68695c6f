#!/bin/bash
# Builds the AOT caches (JEP 483, 514) of the jlink image IMAGE: lib/crate.aot for the CLI's
# JVM, lib/init.aot for init's. Called by jlink.sh. A cache holds the classes a training run
# loaded, already parsed and linked; bin/crate and Image.initCommand use them, and the JVM
# ignores a missing one, so crate works without (it only starts slower). A cache is tied
# to this image's JVM and modules: it is rebuilt with the image, never copied.
#
# The training runs real containers, so it needs root and namespaces, as crate does; without
# them the image has no cache and this says why. Nothing of the host is touched: the state,
# the config and the rootfs are in a temporary directory, cgroups are disabled, the network is
# the default none (a loopback in a new namespace). The containers' process is /train, a file
# that is executable but no program: execve fails (ENOEXEC), init reports it and exits, and
# a JVM only writes its recorded AOT configuration when it exits. A run that gets there has
# gone through all of init but the execve itself. The failures are expected; the log is shown
# only if a cache is missing at the end.
set -euo pipefail
# The locale bin/crate and init run in (see crate.sh), so that the training's JVM is theirs.
export LC_ALL=C.UTF-8
image=$(cd "$1" && pwd -P) # the JVM's own view of its home: symbolic links resolved
java=$image/bin/java
rm -f "$image/lib/crate.aot" "$image/lib/init.aot"
if [ "$(id -u)" -ne 0 ]; then
  echo "aot-train.sh: not root: the image has no AOT cache (the training runs containers); crate starts slower"
  exit 0
fi

work=$(mktemp -d /tmp/crate-aot-training.XXXXXX)
log=$work/training.log
cleanup() {
  local id
  for id in $("$image/bin/crate" --config "$work/config.toml" list -q 2>/dev/null); do
    "$image/bin/crate" --config "$work/config.toml" delete --force "$id" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# The sample configuration (so that its parsing is trained too), pointed at the work dir.
sed -e "s|^root = .*|root = \"$work/state\"|" -e "s|^data_root = .*|data_root = \"$work/data\"|" \
    -e "s|^plugin_dir = .*|plugin_dir = \"$work/plugins\"|" -e 's|^manager = .*|manager = "disabled"|' \
    "$image/share/crate/config.toml.sample" >"$work/config.toml"
# One rootfs for both kinds of container: the bundle's (read-only) and crate run -r's (in place).
mkdir -p "$work/rootfs"
printf 'not a program\n' >"$work/rootfs/train"
chmod 0755 "$work/rootfs/train"
# A recording JVM loads lib/libzip.so when it exits, by its path on the host, which init
# then resolves in the container's rootfs: a copy is there, at that path.
mkdir -p "$work/rootfs$image/lib"
cp "$image/lib/libzip.so" "$work/rootfs$image/lib/"
(cd "$work" && "$image/bin/crate" spec)
sed -i -e 's|"terminal": true|"terminal": false|' -e 's|^\([[:space:]]*\)"sh"$|\1"/train"|' "$work/config.json"
grep -q '"/train"' "$work/config.json" && grep -q '"terminal": false' "$work/config.json" ||
  { echo "aot-train.sh: crate spec's output changed: update the sed above" >&2; exit 1; }

# crate --help first: it builds every command's model (Commands registers them all), so that
# the commands the training does not run (kill, exec, ps, update, ...) have their classes and
# lambdas in the cache too. Then the lifecycle as podman and containerd drive it, run --bundle
# as the bench does, and crate run's own spec (Docker's seccomp profile and capabilities)
# last: its init, which covers the most, records the configuration that init's cache is made
# from. A recording JVM opens that file when it starts (init still sees the host's files
# then; each init replaces the file, so the last one's is kept) and writes it when it exits.
g=(--config "$work/config.toml")
set +e
"$java" -XX:AOTCacheOutput="$image/lib/crate.aot" -Xlog:aot*=warning,cds*=warning:file="$work/aot.log" \
  -Djna.boot.library.path="$image/lib" -Dcrate.image="$image" -Dcrate.aot.initConfiguration="$work/init.aotconfig" \
  -m crate.app/crate.app.AotTraining "$work/init.aotconfig" \
  "${g[@]}" --help :: "${g[@]}" create --bundle "$work" aot-training-1 :: "${g[@]}" state aot-training-1 :: \
  "${g[@]}" list :: "${g[@]}" start aot-training-1 :: "${g[@]}" state aot-training-1 :: \
  "${g[@]}" delete --force aot-training-1 :: "${g[@]}" state aot-training-1 :: \
  "${g[@]}" run --bundle "$work" aot-training-2 :: \
  "${g[@]}" run -r "$work/rootfs" --name aot-training-3 /train >"$log" 2>&1
status=$?
set -e
if [ -s "$image/lib/crate.aot" ] && [ -s "$image/lib/init.aot" ]; then
  echo "aot-train.sh: AOT caches: crate.aot $(du -h "$image/lib/crate.aot" | cut -f1), init.aot $(du -h "$image/lib/init.aot" | cut -f1)"
else
  echo "aot-train.sh: WARNING: the training failed (exit status $status): the image lacks an AOT cache; crate starts slower" >&2
  sed 's/^/    /' "$log" >&2
  tail -20 "$work/aot.log" 2>/dev/null | sed 's/^/    /' >&2
  rm -f "$image/lib/crate.aot" "$image/lib/init.aot"
fi
