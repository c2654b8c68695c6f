#!/bin/bash
# Builds the jlink image TARGET/crate from TARGET/mods and this module's jar.
# Called by Maven at `package`. The image holds: the JDK modules crate needs, crate's
# modules (picocli's classes upgraded to version 52 first, see ClassFileUpgrade.java), JNA's native library in lib/ (so JNA never unpacks it to ~/.cache at run time),
# a CDS archive, bin/crate, the launcher, share/crate/config.toml.sample, the commented
# configuration file (every key at its default; a unit test keeps it equal to the defaults),
# and the AOT caches of the CLI and of init, trained last (aot-train.sh; needs root).
set -euo pipefail
target=$1
image=$target/crate
jdk=${JAVA_HOME:?JAVA_HOME must point at the JDK 25 that builds crate}

cp "$target"/crate-app-*.jar "$target/mods/" 2>/dev/null || true
rm -f "$target"/mods/*-tests.jar "$target"/mods/*-sources.jar
# picocli's Java 5 class files to version 52, so that the CLI's AOT cache can hold them.
"$jdk/bin/java" "$(dirname "$0")/ClassFileUpgrade.java" "$target"/mods/picocli-*.jar
rm -rf "$image"
"$jdk/bin/jlink" \
  --module-path "$target/mods" \
  --add-modules crate.app,crate.namespaces,crate.seccomp,crate.overlay,crate.cgroups,crate.network,crate.image \
  --strip-debug --no-header-files --no-man-pages \
  --generate-cds-archive \
  --add-options="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Djna.nounpack=true -Djna.platform.library.path= --enable-native-access=com.sun.jna" \
  --output "$image"

# JNA's dispatch library, taken from the jar jlink just linked.
jna_jar=$(ls "$target"/mods/jna-jpms-*.jar)
arch=$(uname -m); case $arch in x86_64) jna_arch=linux-x86-64 ;; aarch64) jna_arch=linux-aarch64 ;; *) jna_arch=linux-$arch ;; esac
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && "$jdk/bin/jar" xf "$jna_jar" "com/sun/jna/$jna_arch/libjnidispatch.so")
install -m 0755 "$tmp/com/sun/jna/$jna_arch/libjnidispatch.so" "$image/lib/libjnidispatch.so"

install -m 0755 "$(dirname "$0")/crate.sh" "$image/bin/crate"
install -D -m 0644 "$(dirname "$0")/../main/conf/config.toml.sample" "$image/share/crate/config.toml.sample"
bash "$(dirname "$0")/aot-train.sh" "$image"
echo "jlink image: $image ($(du -sh "$image" | cut -f1))"
