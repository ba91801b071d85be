package dev.loopreg.store;

import java.nio.file.Path;

/**
 * Which {@link LineLog} holds the lines of a workspace's JSON Lines file: the file itself ({@link #FILES}), or a
 * database's rows for it. A store hands its {@code Logs} to every kind it makes, so one kind's code reads and appends
 * the same way on either.
 */
@FunctionalInterface
public interface Logs {

    /** The lines are the files'. */
    Logs FILES = LineLog::file;

    LineLog of(Path file);
}
