/**
 * The regulator session (LOOP-WP-0004 T04), pure: the session template with its documented
 * {@code {{placeholders}}} ({@link SessionTemplate}), the outcome file a session writes back
 * ({@link Outcome}, read strictly with {@code path:line} problems), the questions a bundle asks and the
 * outcome skeleton it offers ({@link Questions}). The regulator's own cadence rules are
 * {@code cadence.SelfCadence}. No files, clock or network: the shell
 * ({@code regulator.Sessions}) reads the workspace and writes the bundle and the ledgers.
 */
package dev.loopreg.session;
