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
# LC_ALL: the JVM encodes file names by its locale (ASCII without one, as under env -i or a
# service manager), so crate runs it in C.UTF-8, whatever the caller's, as it does init (the
# programs crate runs on the host, nft or ps, see it too; hooks get the spec's environment).
# lib/crate.aot: the CLI's AOT cache (src/build/aot-train.sh). The JVM ignores a missing or
# unusable one; its messages are off, as they would go to stdout, which callers parse.
LC_ALL=C.UTF-8 exec "$bin/java" -XX:AOTCache="$bin/../lib/crate.aot" -Xlog:aot*=off,cds*=off \
  -Djna.boot.library.path="$bin/../lib" -Dcrate.image="$bin/.." -m crate.app/crate.app.Main "$@"
