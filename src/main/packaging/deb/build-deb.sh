#!/usr/bin/env bash
# Builds the Debian package target/loopreg_VERSION_ARCH.deb from the built jar. Run by Maven's deb profile:
#   mvn -B -Pdeb -DskipTests package
# which passes: the jar, picocli-codegen's jar (the man pages' generator), the CycloneDX bill of materials, the version,
# and the output directory. Needs a JDK 17 (jdeps, jlink), dpkg-deb and asciidoctor (Debian: apt-get install
# openjdk-17-jdk-headless dpkg asciidoctor). docs/design.md, "Installing it as a service", says why each step is so.
#
# The package's tree:
#   /usr/bin/loopreg                       the command: runs the runtime's java with the launcher's settings
#   /usr/lib/loopreg/loopreg.jar           the jar; loopreg.jsa beside it is made by postinst (class-data sharing)
#   /usr/lib/loopreg/runtime/              the Java runtime, made by jlink from the build's JDK
#   /usr/share/man/man1/loopreg*.1.gz      one man page per command, from the commands' own help
#   /usr/share/bash-completion/completions/loopreg
#   /lib/systemd/system/loopreg.service, loopreg-collect.service, loopreg-collect.timer
#   /usr/share/loopreg/loopreg.env         the template of /etc/loopreg/loopreg.env (postinst copies it once)
#   /usr/share/loopreg/sample-workspace/   the sample workspace (postinst's class-data sharing training run; an example)
#   /usr/share/doc/loopreg/copyright, bom.json
set -euo pipefail

if [ $# -ne 5 ]; then
  echo "usage: build-deb.sh LOOPREG_JAR PICOCLI_CODEGEN_JAR BOM_JSON VERSION OUTPUT_DIR" >&2
  exit 2
fi
jar=$1 codegen=$2 bom=$3 version=$4 out=$5
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/../../../.." && pwd)"   # the project
step() { printf 'build-deb: %s\n' "$*" >&2; }
die() { printf 'build-deb: %s\n' "$*" >&2; exit 1; }

for tool in jdeps jlink dpkg-deb dpkg asciidoctor gzip; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is needed to build the package; install it (apt-get install openjdk-17-jdk-headless dpkg asciidoctor)"
done
[ -f "$jar" ] || die "$jar: no such file; build it first (mvn -Pdeb package builds it)"
[ -f "$bom" ] || die "$bom: no such file; expected the CycloneDX bill of materials (mvn -Pdeb package writes it)"

arch="$(dpkg --print-architecture)"
work="$out/deb"
root="$work/root"
rm -rf "$work"
mkdir -p "$root/DEBIAN" "$root/usr/lib/loopreg"
# reproducible dates: the commit's, else the jar's
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH="$(git -C "$src" log -1 --format=%ct 2>/dev/null || stat -c %Y "$jar")"
fi
export SOURCE_DATE_EPOCH

# 1. The runtime: only the modules the jar needs (jdeps), and the two it needs without naming them: the elliptic curves
#    of TLS (jdk.crypto.ec: HTTPS to an OIDC provider, PostgreSQL over TLS) and the ZIP file system JGit may use. No
#    debugging symbols, headers or man pages; the JDK's default class-data sharing archive of its own classes
#    (--generate-cds-archive), on which the package's archive of loopreg's classes is layered. The modules are not
#    compressed: a command starts faster from an uncompressed image, and the .deb is compressed anyway. java.desktop is
#    there for java.beans only (Jackson, Jetty, Micrometer): its AWT, font, image and sound libraries are left out, so the
#    package does not depend on X11, fontconfig, libjpeg or ALSA.
step "jdeps: the modules loopreg needs"
modules="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 "$jar")"
modules="$modules,jdk.crypto.ec,jdk.zipfs"
step "jlink: a runtime of $modules"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --generate-cds-archive \
  --exclude-files="$(printf '**/lib/%s,' libawt.so libawt_headless.so libawt_xawt.so libfontmanager.so libjavajpeg.so \
      libjawt.so liblcms.so libmlib_image.so libsplashscreen.so libjsound.so)" \
  --output "$root/usr/lib/loopreg/runtime" >"$work/jlink.log" 2>&1 || { cat "$work/jlink.log" >&2; die "jlink failed"; }

# 2. The command: the jar beside that runtime, and /usr/bin/loopreg, a sh script that runs the runtime's java with the
#    checkout launcher's settings. Not jpackage's native launcher: at every start it asks the package managers which
#    package owns it (rpm -qf, dpkg -S, then dpkg -L of that package: dpkg reads its whole database), which made
#    `loopreg --version` take 0.75 s instead of 0.25 s (docs/design.md).
step "the command"
install -m 0644 "$jar" "$root/usr/lib/loopreg/loopreg.jar"
install -D -m 0755 "$here/loopreg.sh" "$root/usr/bin/loopreg"

# 3. The man pages, from the commands' own model (picocli's ManPageGenerator), as troff by asciidoctor.
step "man pages"
java -cp "$jar:$codegen" dev.loopreg.cli.ManPages "$work/adoc" >/dev/null
mkdir -p "$root/usr/share/man/man1"
asciidoctor -b manpage -d manpage -a mansource="loopreg $version" -a manmanual="loopreg manual" \
  -D "$root/usr/share/man/man1" "$work"/adoc/*.adoc
gzip -9n "$root"/usr/share/man/man1/*.1

# 4. Completion, as `loopreg generate-completion` prints it, on the package's runtime (a first run of that runtime too).
step "bash completion"
mkdir -p "$root/usr/share/bash-completion/completions"
"$root/usr/lib/loopreg/runtime/bin/java" -cp "$jar" dev.loopreg.cli.Main generate-completion >"$root/usr/share/bash-completion/completions/loopreg"

# 5. The systemd units, the environment file's template, the sample workspace, the copyright file and the BOM.
step "units, configuration, documentation"
for unit in loopreg.service loopreg-collect.service loopreg-collect.timer; do
  install -D -m 0644 "$src/src/main/packaging/systemd/$unit" "$root/lib/systemd/system/$unit"
done
install -D -m 0644 "$src/src/main/packaging/systemd/loopreg.env" "$root/usr/share/loopreg/loopreg.env"
cp -r "$src/examples/sample-workspace" "$root/usr/share/loopreg/sample-workspace"
mkdir -p "$root/usr/share/doc/loopreg"
java -cp "$jar" dev.loopreg.packaging.Copyright "$bom" "$root/usr/share/doc/loopreg/copyright"
install -m 0644 "$bom" "$root/usr/share/doc/loopreg/bom.json"

# 6. The control file: the libraries the runtime's native code links to, as packages (as jpackage and dpkg-shlibdeps
#    find them), and what the maintainer scripts call.
step "control"
elf() { [ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; }
libs="$(find "$root/usr/lib/loopreg" -type f | while read -r f; do if elf "$f"; then ldd "$f" 2>/dev/null; fi; done \
  | awk '/=> \// {print $3}' | sort -u)"
depends="$(for lib in $libs; do
    case "$lib" in "$root"/*) continue ;; esac
    dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true
  done | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')"
[ -n "$depends" ] || die "found no library the runtime links to; is this a Debian machine?"
depends="$depends, adduser, init-system-helpers (>= 1.54)"
size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
  "$here/control.in" >"$root/DEBIAN/control"
for script in postinst prerm postrm; do
  install -m 0755 "$here/$script" "$root/DEBIAN/$script"
done
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"

# 7. The package. Files are owned by root (--root-owner-group: no fakeroot needed); dates clamped to SOURCE_DATE_EPOCH;
#    zstd (dpkg reads it since Debian 12): 2 s to compress where xz takes 25 s, for a package 10% larger.
find "$root" -newermt "@$SOURCE_DATE_EPOCH" -print0 | xargs -0 touch -h -d "@$SOURCE_DATE_EPOCH"
deb="$out/loopreg_${version}_${arch}.deb"
step "dpkg-deb: $deb"
dpkg-deb --root-owner-group -Zzstd -z9 --build "$root" "$deb" >/dev/null
step "built $deb ($(du -h "$deb" | cut -f1), installed size $((size / 1024)) MB, depends: $depends)"
