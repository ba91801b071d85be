package dev.loopreg.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database named the way PostgreSQL's own tools name one: {@code postgresql://user:password@host:port/db?param=value}
 * (libpq's URI form; {@code postgres://} too). The user and password may be percent-encoded; the port defaults to
 * 5432; the query parameters are passed to the driver as they are (e.g. {@code sslmode=require}).
 *
 * @param host     host name or address ({@code [::1]} for IPv6)
 * @param port     TCP port
 * @param database database name
 * @param user     user, or null (then the driver's default)
 * @param password password, or null
 * @param params   driver parameters from the query, in order
 */
public record DatabaseUrl(String host, int port, String database, String user, String password, Map<String, String> params) {

    /** A URL that is not a PostgreSQL URL, with what was expected. */
    public static final class BadUrl extends Exception {
        public BadUrl(String message) {
            super(message);
        }
    }

    private static final Pattern FORM = Pattern.compile(
            "(?:postgresql|postgres)://(?:(?<user>[^:@/?#]*)(?::(?<password>[^@/?#]*))?@)?(?<host>\\[[0-9A-Fa-f:.]+\\]|[^:/?#@\\[\\]]+)"
                    + "(?::(?<port>[0-9]{1,5}))?/(?<db>[^/?#]+)(?:\\?(?<query>[^#]*))?");

    /** Parses {@code text}; the message of a bad one says what the form is. */
    public static DatabaseUrl parse(String text) throws BadUrl {
        String expected = "expected postgresql://user:password@host:port/database (libpq's URL form)";
        if (text == null || text.isBlank()) throw new BadUrl("the database URL is empty; " + expected);
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new BadUrl("'" + redact(text) + "' is not a PostgreSQL URL; " + expected);
        }
        int port = 5432;
        if (m.group("port") != null) {
            port = Integer.parseInt(m.group("port"));
            if (port < 1 || port > 65535) throw new BadUrl("port " + port + " is out of range; expected 1 to 65535");
        }
        Map<String, String> params = new LinkedHashMap<>();
        String q = m.group("query");
        if (q != null && !q.isEmpty()) {
            for (String pair : q.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                if (eq <= 0) throw new BadUrl("query parameter '" + pair + "' has no value; expected name=value");
                params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        String user = m.group("user") == null || m.group("user").isEmpty() ? null : decode(m.group("user"));
        String password = m.group("password") == null ? null : decode(m.group("password"));
        return new DatabaseUrl(m.group("host"), port, decode(m.group("db")), user, password, params);
    }

    private static String decode(String s) throws BadUrl {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadUrl("'" + s + "' is not percent-encoded correctly; expected %XX escapes");
        }
    }

    /** The URL for the JDBC driver (user and password are passed apart, never in it). */
    public String jdbc() {
        StringBuilder b = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/')
                .append(java.net.URLEncoder.encode(database, StandardCharsets.UTF_8));
        if (!params.isEmpty()) {
            b.append('?');
            boolean first = true;
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (!first) b.append('&');
                first = false;
                b.append(java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    /** The URL as it may be shown: the password replaced by {@code ***}. */
    @Override
    public String toString() {
        return "postgresql://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@") + host + ":" + port + "/" + database;
    }

    /** {@code text} with anything between {@code :} and {@code @} after the scheme hidden, for messages. */
    static String redact(String text) {
        return text.replaceAll("(://[^:@/]*:)[^@/]*@", "$1***@");
    }
}
