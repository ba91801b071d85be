#!/bin/sh
# /usr/bin/loopreg, installed by the loopreg package: runs loopreg on the package's own Java runtime with the settings
# of the checkout's ./loopreg launcher (docs/performance.md measures them). Serial GC; serve, which runs for days, gets
# both compilers and a 32 MB young generation; every other command runs with C1 only and a 16 MB young generation in a heap that starts at 128 MB.
# The class-data sharing archive is the one the package made when it was installed; a missing or stale one is ignored.
lib=/usr/lib/loopreg
case " $* " in
  *" serve "*) heap="-Xms64m -Xmn32m" ;;
  *) heap="-XX:TieredStopAtLevel=1 -Xms128m -Xmn16m" ;;
esac
# shellcheck disable=SC2086 # $heap is several options
exec "$lib/runtime/bin/java" -XX:+UseSerialGC $heap -XX:SharedArchiveFile="$lib/loopreg.jsa" -Xshare:auto -Xlog:cds=off \
  -Xlog:cds+dynamic=off -cp "$lib/loopreg.jar" dev.loopreg.cli.Main "$@"
