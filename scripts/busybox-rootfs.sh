#!/bin/bash
# busybox-rootfs.sh DIR: a minimal rootfs from Debian's busybox-static, for tests and benches.
#   DIR/bin/busybox + a symlink per applet, /etc/passwd and /etc/group (root, nobody),
#   empty /proc /sys /dev /tmp. Idempotent: an existing complete DIR is kept.
set -euo pipefail
dir=${1:?usage: busybox-rootfs.sh DIR}
busybox=${BUSYBOX:-/bin/busybox}
[ -x "$dir/bin/busybox" ] && [ -f "$dir/etc/passwd" ] && exit 0
# A dynamic busybox would not run in a rootfs without libc (ldd fails on a static binary).
if [ ! -x "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
  echo "busybox-rootfs: $busybox is not a static busybox (apt-get install busybox-static)" >&2; exit 1
fi
tmp=$dir.tmp.$$
rm -rf "$tmp"
mkdir -p "$tmp"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,var,run}
chmod 1777 "$tmp/tmp"
cp "$busybox" "$tmp/bin/busybox"
for applet in $("$busybox" --list-full); do
  [ -e "$tmp/$applet" ] || ln -s /bin/busybox "$tmp/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$tmp/etc/passwd"
printf 'root:x:0:\ntty:x:5:\nnogroup:x:65534:\n' >"$tmp/etc/group"
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
mv "$tmp" "$dir"
