#!/bin/sh
# crate's launcher, inside the jlink image (IMAGE/bin/crate). Follows a symlink to itself
# (/usr/local/bin/crate -> IMAGE/bin/crate) to find the image. Every crate command pays for
# this script, so it starts no process where parameter expansion does: dirname and a
# $(cd DIR && pwd) subshell cost ~12 ms here.
self=$0
while [ -L "$self" ]; do
  link=$(readlink "$self")
  case $link in /*) self=$link ;; *) self=${self%/*}/$link ;; esac
done
case $self in */*) bin=${self%/*} ;; *) bin=. ;; esac
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
# lib/crate.aot: the CLI's AOT cache (src/build/aot-train.sh). The JVM ignores a missing or
# unusable one; its messages are off, as they would go to stdout, which callers parse.
exec "$bin/java" -XX:AOTCache="$bin/../lib/crate.aot" -Xlog:aot*=off,cds*=off \
  -Djna.boot.library.path="$bin/../lib" -Dcrate.image="$bin/.." -m crate.app/crate.app.Main "$@"
