/**
 * What the Debian package's build needs from Java, at build time only ({@code src/main/packaging/deb/build-deb.sh}): the
 * copyright file from the build's bill of materials. The man pages come from the command line's own model
 * ({@code dev.loopreg.cli.ManPages}).
 */
package dev.loopreg.packaging;
