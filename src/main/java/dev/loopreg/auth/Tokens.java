package dev.loopreg.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens that may act: {@code $LOOPREG_TOKEN} (named {@code env}) and the lines of {@code --token-file}
 * ({@code NAME:ROLE:TOKEN}, {@code NAME:TOKEN}, or a bare {@code TOKEN} named after the file; {@code #} comments and
 * blank lines skipped). A token's {@link Role} says what it may do; a token given without one is an
 * {@code operator}, as every token was before roles existed.
 * Only SHA-256 digests are kept, and a presented token is compared with every digest in constant time
 * ({@link MessageDigest#isEqual}), so neither the match nor the length leaks through timing.
 */
public final class Tokens {

    /** Tokens shorter than this are refused: a guessable token is worse than a read-only server. */
    public static final int MIN_LENGTH = 16;

    private record Token(String name, Role role, byte[] digest) {
    }

    /** Who presented a valid token: its name and role. */
    public record Holder(String name, Role role) {
    }

    private final List<Token> tokens;

    private Tokens(List<Token> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** No token: every action answers 403. */
    public static Tokens none() {
        return new Tokens(List.of());
    }

    /** A bad token configuration, with the place and what was expected. */
    public static final class TokenException extends Exception {
        public TokenException(String message) {
            super(message);
        }
    }

    /**
     * @param envValue  the value of {@code LOOPREG_TOKEN}, or null
     * @param file      {@code --token-file}, or null
     */
    public static Tokens of(String envValue, Path file) throws TokenException {
        List<Token> out = new ArrayList<>();
        if (envValue != null && !envValue.isEmpty()) {
            String t = envValue.strip();
            if (t.length() < MIN_LENGTH) {
                throw new TokenException("LOOPREG_TOKEN: the token has " + t.length() + " characters; expected at least " + MIN_LENGTH
                        + " (for example: openssl rand -hex 32)");
            }
            out.add(new Token("env", Role.OPERATOR, digest(t)));
        }
        if (file != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new TokenException(file + ": cannot read the token file: " + e.getMessage());
            }
            String base = file.getFileName().toString();
            int found = 0;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                int colon = l.indexOf(':');
                String name = colon > 0 ? l.substring(0, colon).strip() : base;
                String token = colon > 0 ? l.substring(colon + 1).strip() : l;
                Role role = Role.OPERATOR;
                int second = colon > 0 ? l.indexOf(':', colon + 1) : -1;
                if (second > 0) {
                    String word = l.substring(colon + 1, second).strip();
                    role = Role.parse(word).orElse(null);
                    if (role == null) {
                        throw new TokenException(file + ":" + (i + 1) + ": role '" + word + "' is not a role; expected NAME:ROLE:TOKEN "
                                + "with ROLE " + Role.choices() + " (a token itself has no ':'; make one with openssl rand -hex 32)");
                    }
                    token = l.substring(second + 1).strip();
                }
                if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
                    throw new TokenException(file + ":" + (i + 1) + ": token name '" + name + "' is not allowed; expected letters, digits, . _ @ - (at most 64)");
                }
                if (token.length() < MIN_LENGTH) {
                    throw new TokenException(file + ":" + (i + 1) + ": the token has " + token.length() + " characters; expected at least " + MIN_LENGTH);
                }
                out.add(new Token(name, role, digest(token)));
                found++;
            }
            if (found == 0) {
                throw new TokenException(file + ": no token in the file; expected lines NAME:ROLE:TOKEN, NAME:TOKEN or TOKEN");
            }
        }
        return new Tokens(out);
    }

    public boolean configured() {
        return !tokens.isEmpty();
    }

    public int count() {
        return tokens.size();
    }

    /** The name of the token presented, when it is one of them; every digest is compared whatever the outcome. */
    public Optional<String> check(String presented) {
        return holder(presented).map(Holder::name);
    }

    /** The name and role of the token presented, when it is one of them; every digest is compared whatever the outcome. */
    public Optional<Holder> holder(String presented) {
        if (presented == null) return Optional.empty();
        byte[] d = digest(presented);
        Holder match = null;
        for (Token t : tokens) {
            if (MessageDigest.isEqual(t.digest(), d) && match == null) match = new Holder(t.name(), t.role());
        }
        return Optional.ofNullable(match);
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
