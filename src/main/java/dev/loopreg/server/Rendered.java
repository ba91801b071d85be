package dev.loopreg.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The responses of one evaluation snapshot, each rendered once: the bytes, their ETag (a digest of the bytes, so it holds
 * across restarts) and the headers that go with them, by a key naming the page and its parameters. A new snapshot starts
 * empty; at most {@link #MAX} keys are kept (past that, the oldest renders are dropped, all at once).
 */
final class Rendered {

    static final int MAX = 256;

    /** A rendered response. */
    record Body(byte[] bytes, String etag, String contentType, Map<String, String> headers) {
    }

    private final ConcurrentHashMap<String, Body> bodies = new ConcurrentHashMap<>();

    Body get(String key, String contentType, Map<String, String> headers, Supplier<String> render) {
        Body b = bodies.get(key);
        if (b != null) return b;
        if (bodies.size() >= MAX) bodies.clear();
        return bodies.computeIfAbsent(key, k -> {
            byte[] bytes = render.get().getBytes(StandardCharsets.UTF_8);
            return new Body(bytes, etag(bytes), contentType, Map.copyOf(headers));
        });
    }

    private final ConcurrentHashMap<String, String> texts = new ConcurrentHashMap<>();

    /** A part of a page rendered once per snapshot (a signed-in overview's skeleton, the marks), by key. */
    String text(String key, Supplier<String> render) {
        String t = texts.get(key);
        if (t != null) return t;
        if (texts.size() >= MAX) texts.clear();
        return texts.computeIfAbsent(key, k -> render.get());
    }

    int size() {
        return bodies.size();
    }

    static String etag(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Whether an {@code If-None-Match} header names {@code etag} (a list, {@code *}, weak forms compared weakly). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String t : ifNoneMatch.split(",")) {
            String s = t.strip();
            if (s.equals("*")) return true;
            if (s.startsWith("W/")) s = s.substring(2);
            if (s.equals(etag)) return true;
        }
        return false;
    }
}
