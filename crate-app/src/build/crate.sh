#!/bin/sh
# crate's launcher, inside the jlink image (IMAGE/bin/crate). Follows a symlink to itself
# (/usr/local/bin/crate -> IMAGE/bin/crate) to find the image.
self=$0
while [ -L "$self" ]; do
  link=$(readlink "$self")
  case $link in /*) self=$link ;; *) self=$(dirname "$self")/$link ;; esac
done
bin=$(cd "$(dirname "$self")" && pwd)
# lib/crate.aot: the CLI's AOT cache (src/build/aot-train.sh). The JVM ignores a missing or
# unusable one; its messages are off, as they would go to stdout, which callers parse.
exec "$bin/java" -XX:AOTCache="$bin/../lib/crate.aot" -Xlog:aot*=off,cds*=off \
  -Djna.boot.library.path="$bin/../lib" -Dcrate.image="$bin/.." -m crate.app/crate.app.Main "$@"
