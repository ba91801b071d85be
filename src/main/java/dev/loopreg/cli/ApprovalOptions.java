package dev.loopreg.cli;

import picocli.CommandLine.Option;

/** --by and --note, shared by approve, reject, apply, demote and acknowledge. */
final class ApprovalOptions {
    @Option(names = "--by", paramLabel = "NAME", description = "Who acts. Default: $LOOPREG_USER, else $USER.")
    String by;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why, recorded with what is done.")
    String note;
}
