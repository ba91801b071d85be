package dev.loopreg.collect;

import dev.loopreg.source.SourceException;
import java.util.function.Function;

/** The tokens the collector's sources and deliveries authenticate with: named in policy.yml, read from the environment. */
final class SourceTokens {

    private SourceTokens() {
    }

    /** The token in environment variable {@code tokenEnv}; null when none is configured; an error when it is unset. */
    static String token(Function<String, String> env, String what, String tokenEnv, String configuredIn) throws SourceException {
        if (tokenEnv == null) {
            return null;
        }
        String token = env.apply(tokenEnv);
        if (token == null || token.isBlank()) {
            throw new SourceException(what + " token: environment variable " + tokenEnv + " is not set; expected the token in it ("
                    + configuredIn + ")");
        }
        return token;
    }
}
