/**
 * The command line (picocli): a root command {@code loopreg} with one {@code Callable<Integer>} per
 * subcommand, shared options inherited from the root, results on stdout, problems and errors on
 * stderr, and the documented exit codes (0 ok, 1 bad input or data, 2 usage, 3 refused, 4 internal error).
 */
package dev.loopreg.cli;
