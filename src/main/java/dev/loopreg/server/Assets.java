package dev.loopreg.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files the pages load from the server itself (the Content-Security-Policy allows {@code 'self'} and nothing else):
 * the style sheet, the charts' script, uPlot from its webjar ({@code org.webjars.npm:uplot}), the favicon and
 * {@code robots.txt}. Read from the jar once; answered with an ETag and cached by browsers for a day.
 */
final class Assets {

    /** uPlot's version: the webjar's directory. */
    static final String UPLOT = "1.6.30";

    /** A file served: its bytes, type and ETag. */
    record Asset(byte[] bytes, String type, String etag) {
    }

    private static final Map<String, Asset> FILES = load();

    private Assets() {
    }

    /** Whether {@code path} is one of the files (open without signing in: the sign-in pages use them too). */
    static boolean isAsset(String path) {
        return FILES.containsKey(path) || path.equals("/favicon.ico");
    }

    static java.util.Set<String> paths() {
        return FILES.keySet();
    }

    /** Answers the file at the request's path (304 when the browser has it). */
    static void serve(Context ctx) {
        Asset a = FILES.get(ctx.path());
        if (a == null) {
            // browsers ask for /favicon.ico when a response (JSON, metrics) names no icon
            ctx.redirect("/favicon.svg", io.javalin.http.HttpStatus.MOVED_PERMANENTLY);
            return;
        }
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.header("ETag", a.etag());
        if (Rendered.matches(ctx.header("If-None-Match"), a.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(a.type()).result(a.bytes());
    }

    private static Map<String, Asset> load() {
        Map<String, Asset> m = new LinkedHashMap<>();
        m.put("/assets/loopreg.css", read("/web/loopreg.css", "text/css; charset=utf-8"));
        m.put("/assets/charts.js", read("/web/charts.js", "text/javascript; charset=utf-8"));
        m.put("/assets/uplot/uPlot.min.css", read("/META-INF/resources/webjars/uplot/" + UPLOT + "/dist/uPlot.min.css", "text/css; charset=utf-8"));
        m.put("/assets/uplot/uPlot.iife.min.js", read("/META-INF/resources/webjars/uplot/" + UPLOT + "/dist/uPlot.iife.min.js",
                "text/javascript; charset=utf-8"));
        m.put("/favicon.svg", read("/web/favicon.svg", "image/svg+xml"));
        m.put("/robots.txt", read("/web/robots.txt", "text/plain; charset=utf-8"));
        return Map.copyOf(m);
    }

    private static Asset read(String resource, String type) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing from the jar: " + resource);
            byte[] b = in.readAllBytes();
            byte[] h = MessageDigest.getInstance("SHA-256").digest(b);
            return new Asset(b, type, "\"" + HexFormat.of().formatHex(h, 0, 12) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
