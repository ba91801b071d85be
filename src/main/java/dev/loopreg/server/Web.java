package dev.loopreg.server;

import dev.loopreg.auth.Tokens;
import dev.loopreg.auth.Role;
import dev.loopreg.regulator.EvaluationJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.cadence.Approval;
import dev.loopreg.format.Instants;
import dev.loopreg.format.Mappers;
import dev.loopreg.health.HealthModel;
import dev.loopreg.regulator.Changes;
import dev.loopreg.regulator.Actor;
import dev.loopreg.regulator.Regulator;
import dev.loopreg.workspace.RegulatorException;
import dev.loopreg.regulator.Rotations;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.report.RotationJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web side of {@code loopreg serve} (Javalin): pages, the JSON API mirroring the CLI's {@code --json}, the
 * actions as token-guarded POSTs recorded as decisions, {@code /metrics} and {@code /healthz}. Handlers are small
 * lambdas over the {@link ReadModel} and the same {@link Regulator} the CLI uses. Errors are JSON
 * {@code {title, status, details}} on {@code /api}, and pages elsewhere.
 *
 * <p>Over 400 lines: the route table with its small handlers and the shared request checks (tokens, sessions, the
 * sign-in gate, bodies, errors) in one place, so every route is seen with its guards; what a route does lives elsewhere
 * ({@link Acting}, {@link WebAuth}, {@link WebForms}, {@link PageFrame}, {@link ControlPages}, {@link TimelinePage}, {@link Pages}).
 */
public final class Web implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Web.class);

    /**
     * @param bind     the address to listen on (127.0.0.1 by default)
     * @param port     the port (0: any free one)
     * @param tokens   who may act; none: read-only, every action answers 403
     * @param maxBody  the largest request body accepted, in bytes
     * @param oidc     how people sign in (serve --oidc), or null: the pages are read-only and open
     */
    public record Settings(String bind, int port, Tokens tokens, long maxBody, dev.loopreg.auth.OidcConfig oidc) {
        public Settings(String bind, int port, Tokens tokens, long maxBody) {
            this(bind, port, tokens, maxBody, null);
        }
    }

    /** An error with its HTTP status, written as {@code {title, status, details}}. */
    static final class ApiError extends RuntimeException {
        final int status;
        final String title;

        ApiError(int status, String title, String details) {
            super(details);
            this.status = status;
            this.title = title;
        }
    }

    /** Scripts, styles and images from this server only: uPlot and the charts' script are served by it ({@link Assets}). */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private final ReadModel model;
    private final Daemon daemon;
    private final Settings settings;
    private final ServerMetrics metrics;
    private final Function<String, String> env;
    private final String workspaceName;
    private final Acting acting;
    private final WebAuth auth;
    private final WebForms forms;
    private final PageFrame frame;
    private Javalin app;

    public Web(ReadModel model, Daemon daemon, Settings settings, ServerMetrics metrics, Function<String, String> env) {
        this.model = model;
        this.daemon = daemon;
        this.settings = settings;
        this.metrics = metrics;
        this.env = env;
        // the pages name the workspace by its directory's name: no response shows where it lives on the server
        java.nio.file.Path name = model.workspace().root().toAbsolutePath().normalize().getFileName();
        this.workspaceName = name == null ? "/" : name.toString();
        this.acting = new Acting(model, env);
        this.auth = settings.oidc() == null ? null : new WebAuth(settings.oidc(), model::now);
        this.forms = auth == null ? null : new WebForms(auth, acting);
        this.frame = new PageFrame(model, daemon, auth, workspaceName);
    }

    public Web start() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.bind();
            config.jetty.port = settings.port();
            config.http.maxRequestSize = settings.maxBody();
            config.http.prefer405over404 = true;
            config.http.generateEtags = false;
            config.jetty.modifyHttpConfiguration(h -> {
                h.setSendServerVersion(false);
                h.setRequestHeaderSize(8 * 1024);
            });
            var r = config.routes;
            r.before(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("X-Frame-Options", "DENY");
                // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" with a form, and the forms'
                // origin check needs the real one; other sites still get no referrer
                ctx.header("Referrer-Policy", "same-origin");
                ctx.header("Content-Security-Policy", auth == null ? CSP : auth.csp(CSP));
                ctx.header("Cross-Origin-Resource-Policy", "same-origin");
                ctx.header("Cache-Control", "no-store");
                String len = ctx.header("Content-Length");
                if (len != null) {
                    long n;
                    try {
                        n = Long.parseLong(len.strip());
                    } catch (NumberFormatException e) {
                        throw new ApiError(400, "Bad Request", "Content-Length: '" + len + "' is not a number");
                    }
                    if (n > settings.maxBody()) {
                        throw new ApiError(413, "Content Too Large", "the request body has " + n + " bytes; at most " + settings.maxBody()
                                + " are accepted");
                    }
                }
                gate(ctx);
            });
            r.after(ctx -> metrics.request(ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path, ctx.statusCode()));

            // the pages' files, open to everyone (the sign-in's pages use them too)
            for (String path : Assets.paths()) r.get(path, Assets::serve);
            r.get("/favicon.ico", Assets::serve);

            // pages
            r.get("/", ctx -> {
                ReadModel.Snapshot s = model.snapshot();
                LoopQuery q = query(ctx);
                View v = view(s);
                String scheduler = Pages.scheduler(daemon, v).render();
                if (auth != null) {
                    // signed in: the page around the queue rendered once per snapshot, the queue with this person's buttons
                    // and forms for each request
                    html(ctx, frame.overview(ctx, s, q));
                    return;
                }
                send(ctx, s.rendered().get(q.href("/") + "\n" + scheduler, "text/html; charset=utf-8", Map.of(),
                        () -> frame.finish(Pages.overview(v, s, q, scheduler, ControlPages.queue(s, ControlPages.Viewer.anonymous(false))),
                                ControlPages.Viewer.anonymous(false), s, null)));
            });
            r.get("/queue", ctx -> {
                ReadModel.Snapshot s = model.snapshot();
                int page = pageParam(ctx);
                html(ctx, Layout.page(view(s), "Waiting for a person", "Overview", false,
                        ControlPages.queue(s, viewer(ctx), page, ControlPages.PER_PAGE, false)));
            });
            r.get("/loops/{id}", this::loopPage);
            r.get("/rotation", ctx -> {
                Rotation rot = rotation();
                ControlPages.Viewer v = viewer(ctx);
                html(ctx, RotationPage.render(view(), rot.context(), rot.error(), st -> ControlPages.revisitForms(st, v)));
            });
            r.get("/decisions", ctx -> {
                int page = pageParam(ctx);
                String loop = blank(ctx.queryParam("loop"));
                String kind = blank(ctx.queryParam("kind"));
                List<JsonNode> d = model.decisions(loop, kind, Math.min(ReadModel.MAX_DECISIONS, page * Pages.PER_PAGE + 1));
                int first = Math.min(d.size(), (page - 1) * Pages.PER_PAGE);
                html(ctx, Pages.decisions(view(), d.subList(first, Math.min(d.size(), first + Pages.PER_PAGE)), page,
                        d.size() > first + Pages.PER_PAGE, loop, kind));
            });
            r.get("/timeline", ctx -> {
                Timeline t = timeline(ctx, 100);
                html(ctx, TimelinePage.render(view(), t.entries(), t.subjects(), t.loop(), t.kind(), t.from(), t.to(), t.limit()));
            });
            r.get("/urgent", ctx -> {
                ReadModel.Snapshot s = model.snapshot();
                int page = pageParam(ctx);
                List<JsonNode> ev = model.urgentEvents(Math.min(ReadModel.MAX_DECISIONS, page * Pages.PER_PAGE + 1));
                int first = Math.min(ev.size(), (page - 1) * Pages.PER_PAGE);
                html(ctx, Pages.urgent(view(s), s.urgentOpen(), s.urgentRaised(), ev.subList(first, Math.min(ev.size(), first + Pages.PER_PAGE)), page,
                        ev.size() > first + Pages.PER_PAGE));
            });

            // the JSON API
            r.get("/api/loops", ctx -> {
                ReadModel.Snapshot s = model.snapshot();
                LoopQuery q = query(ctx);
                LoopQuery.Page page = q.cut(s.evaluation().loops());
                send(ctx, s.rendered().get(q.href("/api/loops"), "application/json", pageHeaders(q, page),
                        () -> Json.pretty(loopsJson(s, page))));
            });
            r.get("/api/loops/{id}", ctx -> {
                ReadModel.Snapshot s = model.snapshot();
                LoopView v = view(s, ctx.pathParam("id"));
                ObjectNode o = EvaluationJson.loopJson(v);
                o.set("status", EvaluationJson.statusJson(v, s.last().get(v.id())));
                json(ctx, o);
            });
            r.get("/api/loops/{id}/health", ctx -> {
                String id = ctx.pathParam("id");
                view(model.snapshot(), id);
                Instant[] range = range(ctx, model.now());
                json(ctx, ReadModel.healthJson(id, range[0], range[1], model.health(id, range[0], range[1])));
            });
            r.get("/api/rotation", ctx -> {
                Rotation rot = rotation();
                if (rot.context() == null) {
                    throw new ApiError(404, "Not Found", rot.error() == null ? "no rotation is configured (rotation-policy.yml)" : rot.error());
                }
                ObjectNode o = RotationJson.status(rot.context().status());
                ArrayNode probs = o.putArray("problems");
                rot.context().problems().forEach(probs::add);
                json(ctx, o);
            });
            r.get("/api/decisions", ctx -> {
                ObjectNode o = Json.object();
                ArrayNode arr = o.putArray("decisions");
                model.decisions(ctx.queryParam("loop"), ctx.queryParam("kind"), limit(ctx, 100)).forEach(arr::add);
                json(ctx, o);
            });
            r.get("/api/timeline", ctx -> {
                Timeline t = timeline(ctx, 500);
                json(ctx, TimelinePage.json(t.entries(), t.from(), t.to()));
            });
            r.get("/api/urgent", ctx -> {
                ObjectNode o = Json.object();
                ArrayNode open = o.putArray("open");
                ReadModel.Snapshot s = model.snapshot();
                s.urgentOpen().forEach(u -> open.add(s.urgentRaised().getOrDefault(u.id(), Json.object())));
                ArrayNode ev = o.putArray("events");
                model.urgentEvents(limit(ctx, 100)).forEach(ev::add);
                json(ctx, o);
            });

            // signing in, and the pages' forms (only with serve --oidc)
            if (auth != null) {
                r.get("/login", auth::login);
                r.get("/auth/callback", auth::callback);
                r.post("/logout", auth::logout);
                r.post("/ui/act", ctx -> {
                    requireDatabase();
                    dev.loopreg.auth.SessionCookies.Session s = frame.signedIn(ctx);
                    frame.formResult(ctx, s, forms.act(ctx, s));
                });
                r.post("/ui/approve-selected", ctx -> {
                    requireDatabase();
                    dev.loopreg.auth.SessionCookies.Session s = frame.signedIn(ctx);
                    frame.formResult(ctx, s, forms.approveSelected(ctx, s));
                });
            }

            // actions: bearer tokens
            r.post("/api/loops/{id}/approve", ctx -> act(ctx, Role.Action.APPROVE, ctx.pathParam("id")));
            r.post("/api/loops/{id}/reject", ctx -> act(ctx, Role.Action.REJECT, ctx.pathParam("id")));
            r.post("/api/loops/{id}/apply", ctx -> act(ctx, Role.Action.APPLY, ctx.pathParam("id")));
            r.post("/api/loops/{id}/demote", ctx -> act(ctx, Role.Action.DEMOTE, ctx.pathParam("id")));
            r.post("/api/rotation/{repo}/rotate", ctx -> act(ctx, Role.Action.ROTATE, ctx.pathParam("repo")));
            r.post("/api/rotation/{repo}/revisit", ctx -> act(ctx, Role.Action.REVISIT, ctx.pathParam("repo")));
            r.post("/api/urgent/{id}/acknowledge", ctx -> act(ctx, Role.Action.ACKNOWLEDGE, ctx.pathParam("id")));

            // operations
            r.get("/metrics", ctx -> {
                ReadModel.Snapshot s = model.snapshot();
                metrics.refresh(s.evaluation().loops(), s.urgentOpen().size(), s.evaluation().now());
                metrics.refreshOutbox(s.outbox(), s.evaluation().now());
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
            });
            r.get("/healthz", ctx -> {
                ObjectNode o = Json.object();
                // the database first, within a bound: a probe with a short timeout must get an answer, not wait for the pool
                java.util.Optional<String> db = model.unavailable(Duration.ofMillis(800));
                if (db.isPresent()) {
                    o.put("status", "unavailable");
                    o.putArray("reasons").add(db.get());
                    o.put("scheduler", daemon == null ? "off" : daemon.running() ? "running" : "stopped");
                    ctx.header("Retry-After", "5");
                    ctx.status(503);
                    json(ctx, o);
                    return;
                }
                boolean up = daemon == null || daemon.running();
                List<String> reasons = new java.util.ArrayList<>();
                if (daemon != null) {
                    reasons.addAll(daemon.notRunning());
                    daemon.lastRuns().forEach((k, v) -> {
                        if (v.failed()) reasons.add("the last " + k + " run failed at " + Instants.format(v.startedAt())
                                + (v.detail() == null ? "" : ": " + v.detail()));
                    });
                }
                int dead = 0;
                try {
                    dead = model.snapshot().outbox().with(dev.loopreg.outbox.Outbox.Status.DEAD).size();
                } catch (RegulatorException | java.io.IOException | RuntimeException ex) {
                    reasons.add("the workspace cannot be read now: " + ex.getMessage());
                }
                if (dead > 0) reasons.add(dead + " deliver" + (dead == 1 ? "y is a dead letter" : "ies are dead letters")
                        + " in the outbox (loopreg outbox; loopreg outbox retry --all)");
                o.put("status", !up ? "down" : reasons.isEmpty() ? "ok" : "degraded");
                ArrayNode why = o.putArray("reasons");
                reasons.forEach(why::add);
                o.put("scheduler", daemon == null ? "off" : daemon.running() ? "running" : "stopped");
                if (daemon != null) {
                    ObjectNode runs = o.putObject("last_runs");
                    daemon.lastRuns().forEach((k, v) -> {
                        ObjectNode x = runs.putObject(k);
                        x.put("outcome", v.outcome());
                        x.put("at", Instants.format(v.startedAt()));
                        x.put("detail", v.detail());
                    });
                }
                ctx.status(up ? 200 : 503);
                json(ctx, o);
            });

            r.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.title, e.getMessage()));
            r.exception(DatabaseDown.class, (e, ctx) -> {
                ctx.header("Retry-After", "5");
                error(ctx, 503, "Service Unavailable", "the database cannot be used now (" + e.getMessage() + "); nothing was changed; "
                        + "try again in a few seconds");
            });
            r.exception(WebAuth.Refused.class, (e, ctx) -> {
                ctx.status(e.status);
                html(ctx, Pages.signIn(plainView(), e.status, e.getMessage(), e.signIn));
            });
            r.exception(dev.loopreg.auth.OidcClient.OidcException.class, (e, ctx) -> {
                LOG.warn("sign-in: {}", e.getMessage());
                ctx.status(502);
                html(ctx, Pages.signIn(plainView(), 502, e.getMessage(), true));
            });
            r.exception(RegulatorException.class, (e, ctx) -> {
                if (e.busy() || databaseTrouble(e) != null) {
                    // the workspace lock stayed busy past its bound: try again later, not a bad request
                    ctx.header("Retry-After", "5");
                    error(ctx, 503, "Service Unavailable", e.getMessage());
                    return;
                }
                int status = e.exitCode() == RegulatorException.REFUSED ? 409
                        : e.getMessage() != null && (e.getMessage().startsWith("no loop '") || e.getMessage().startsWith("no urgent task '")) ? 404 : 400;
                error(ctx, status, status == 409 ? "Conflict" : status == 404 ? "Not Found" : "Bad Request", e.getMessage());
            });
            r.exception(Exception.class, (e, ctx) -> {
                String db = databaseTrouble(e);
                if (db != null) {
                    // the database is restarting or out of reach: try again soon — not a bug of loopreg
                    LOG.warn("{} {}: the database cannot be used now: {}", ctx.method(), ctx.path(), db);
                    ctx.header("Retry-After", "5");
                    error(ctx, 503, "Service Unavailable", "the database cannot be used now (" + db + "); nothing was changed "
                            + "by this request unless it says so; try again in a few seconds");
                    return;
                }
                LOG.error("{} {}: {}", ctx.method(), ctx.path(), e.toString(), e);
                error(ctx, 500, "Internal Server Error", e.getClass().getSimpleName() + ": " + e.getMessage());
            });
            r.error(404, ctx -> {
                // our handlers' 404s are already a page or JSON; an unknown path gets one too (not the server's own text, which
                // it sends as text/html to a browser)
                if (ctx.attribute(ANSWERED) == null) {
                    error(ctx, 404, "Not Found", "no such page: " + ctx.path());
                }
            });
            r.error(405, ctx -> {
                ctx.header("Allow", ctx.path().startsWith("/api/") && isAction(ctx.path()) ? "POST" : "GET");
                error(ctx, 405, "Method Not Allowed", ctx.method() + " is not allowed on " + ctx.path()
                        + (isAction(ctx.path()) ? "; actions are POST requests with Authorization: Bearer <token>" : "; it is read-only"));
            });
            r.error(413, ctx -> error(ctx, 413, "Content Too Large", "the request body is too large: at most " + settings.maxBody()
                    + " bytes are accepted"));
        });
        app.start(settings.bind(), settings.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        if (app != null) app.stop();
    }

    private static boolean isAction(String path) {
        return path.matches("/api/loops/[^/]+/(approve|reject|apply|demote)") || path.matches("/api/rotation/[^/]+/(rotate|revisit)")
                || path.matches("/api/urgent/[^/]+/acknowledge");
    }

    // ---------------------------------------------------------------- handlers

    private void loopPage(Context ctx) throws Exception {
        ReadModel.Snapshot s = model.snapshot();
        LoopView v;
        try {
            v = view(s, ctx.pathParam("id"));
        } catch (ApiError e) {
            ctx.status(404);
            html(ctx, Pages.error(view(s), 404, "Not Found", e.getMessage()));
            return;
        }
        Instant[] range = range(ctx, s.at());
        ReadModel.Health h = model.health(v.id(), range[0], range[1], ReadModel.MAX_CHART_RECORDS);
        List<JsonNode> decisions = model.decisions(v.id(), null, 200);
        HealthModel hm = s.evaluation().policy() == null ? HealthModel.seedDefaults() : s.evaluation().policy().healthModel();
        // the rules' windows at the range's first cycles reach back before it
        ReadModel.Health wide = model.health(v.id(), range[0].minus(Duration.ofDays(7)), range[1], ReadModel.MAX_CHART_RECORDS + 7 * 24);
        View pv = view(s);
        dev.loopreg.report.TimeChart.Group charts = LoopCharts.group(v.id(), wide.records(), s.evaluation().policy(), hm, decisions, range[0], range[1],
                pv.zone());
        html(ctx, LoopPage.render(pv, v, h, range[0], range[1], decisions, charts, ControlPages.loopForms(v, viewer(ctx)), model.drift(v.id())));
    }

    /**
     * What the database trouble behind {@code e} is — a failed or refused connection, a database shutting down, a write
     * refused because its lock was lost — or null when {@code e} is something else.
     */
    static String databaseTrouble(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s) {
                String st = s.getSQLState() == null ? "" : s.getSQLState();
                if (st.startsWith("08") || st.startsWith("57P") || st.equals(dev.loopreg.db.Fences.LOST) || t instanceof java.sql.SQLTransientException) {
                    return s.getMessage();
                }
            }
            if (t.getClass().getName().contains("SQLRuntimeException") || t instanceof java.sql.SQLTransientConnectionException) {
                return t.getMessage();
            }
            if (t instanceof java.io.IOException && String.valueOf(t.getMessage()).startsWith("database: ")
                    && t.getCause() instanceof java.sql.SQLException s2 && databaseTrouble(s2) != null) {
                return t.getMessage();
            }
        }
        return null;
    }

    private static LoopView view(ReadModel.Snapshot s, String id) {
        return s.evaluation().loops().stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow(() -> new ApiError(404, "Not Found", "no loop '" + id + "'; loops: "
                        + String.join(", ", s.evaluation().loops().stream().map(LoopView::id).toList())));
    }

    private record Timeline(List<TimelinePage.Entry> entries, List<String> subjects, String loop, String kind, Instant from, Instant to, int limit) {
    }

    /** {@code /timeline} and {@code /api/timeline}: the filters ({@code loop}, {@code kind}, {@code from}, {@code to}, {@code limit}) applied. */
    private Timeline timeline(Context ctx, int defaultLimit) throws IOException {
        String loop = blank(ctx.queryParam("loop"));
        String kind = blank(ctx.queryParam("kind"));
        if (kind != null && !TimelinePage.KINDS.contains(kind)) {
            throw new ApiError(400, "Bad Request", "kind: '" + kind + "' is not allowed; expected " + String.join(", ", TimelinePage.KINDS));
        }
        Instant[] range = range(ctx, model.now());
        int limit = limit(ctx, defaultLimit);
        List<JsonNode> decisions = model.decisions(null, null, ReadModel.MAX_DECISIONS);
        List<JsonNode> urgent = model.urgentEvents(ReadModel.MAX_DECISIONS);
        List<JsonNode> oldestFirst = new ArrayList<>(decisions);
        java.util.Collections.reverse(oldestFirst);
        List<JsonNode> urgentOldestFirst = new ArrayList<>(urgent);
        java.util.Collections.reverse(urgentOldestFirst);
        List<TimelinePage.Entry> all = TimelinePage.entries(oldestFirst, urgentOldestFirst, null, null, Instant.MIN, Instant.MAX, Integer.MAX_VALUE);
        List<String> subjects = all.stream().map(TimelinePage.Entry::subject).filter(java.util.Objects::nonNull).distinct().sorted().toList();
        return new Timeline(TimelinePage.entries(oldestFirst, urgentOldestFirst, loop, kind, range[0], range[1], limit), subjects, loop, kind,
                range[0], range[1], limit);
    }

    private static int pageParam(Context ctx) {
        String v = ctx.queryParam("page");
        if (v == null) return 1;
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > 1_000_000) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "Bad Request", "page: '" + v + "' is not allowed; expected a page number from 1");
        }
    }

    private static String blank(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    private record Rotation(Rotations.Context context, String error) {
    }

    private Rotation rotation() throws IOException {
        if (!java.nio.file.Files.exists(model.workspace().rotationPolicy())) return new Rotation(null, null);
        try {
            return new Rotation(new Rotations(model.regulator(), env).read(model.now()), null);
        } catch (RegulatorException e) {
            return new Rotation(null, e.getMessage());
        }
    }

    /** {@code from} and {@code to}: an instant ({@code 2026-06-01T00:00Z}) or a day ({@code 2026-06-01}); default the last 30 days. */
    static Instant[] range(Context ctx, Instant now) {
        Instant to = instant("to", ctx.queryParam("to"), true);
        Instant from = instant("from", ctx.queryParam("from"), false);
        if (to == null) to = now;
        if (from == null) from = to.minus(Duration.ofDays(30));
        if (from.isAfter(to)) throw new ApiError(400, "Bad Request", "from (" + Instants.format(from) + ") is after to (" + Instants.format(to) + ")");
        return new Instant[]{from, to};
    }

    /** The times a query may name: from 1970 to 9999 (beyond, date arithmetic overflows and nothing was recorded). */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static Instant instant(String name, String v, boolean endOfDay) {
        if (v == null || v.isBlank()) return null;
        Instant t;
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                t = endOfDay ? d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1) : d.atStartOfDay().toInstant(ZoneOffset.UTC);
            } else {
                t = Instants.parse(v);
            }
        } catch (java.time.DateTimeException | IllegalArgumentException | ArithmeticException e) {
            throw new ApiError(400, "Bad Request", name + ": '" + v + "' is not a time; expected 2026-06-01 or 2026-06-01T12:00Z");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new ApiError(400, "Bad Request", name + ": '" + v + "' is out of range; expected a time from 1970-01-01 to 9999-12-31");
        }
        return t;
    }

    private static int limit(Context ctx, int dflt) {
        String v = ctx.queryParam("limit");
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > ReadModel.MAX_DECISIONS) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "Bad Request", "limit: '" + v + "' is not allowed; expected 1 to " + ReadModel.MAX_DECISIONS);
        }
    }

    /** Checks the bearer token and its role, parses the body, and carries the action out ({@link Acting}). */
    private void act(Context ctx, Role.Action what, String target) throws Exception {
        if (!settings.tokens().configured()) {
            throw new ApiError(403, "Forbidden", auth == null ? "this server is read-only: no token is configured (set LOOPREG_TOKEN or "
                    + "--token-file and restart to allow actions)" : "no API token is configured (set LOOPREG_TOKEN or --token-file and "
                    + "restart to let automation act); people act from the pages after signing in");
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"loopreg\"");
            throw new ApiError(401, "Unauthorized", "missing Authorization: Bearer <token>");
        }
        Optional<Tokens.Holder> holder = settings.tokens().holder(header.substring(7).strip());
        if (holder.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"loopreg\", error=\"invalid_token\"");
            throw new ApiError(401, "Unauthorized", "the bearer token is not valid");
        }
        if (!holder.get().role().may(what)) {
            throw new ApiError(403, "Forbidden", "token '" + holder.get().name() + "' has the role " + holder.get().role().word()
                    + "; " + what.word() + " needs " + what.least().word() + " or above");
        }
        JsonNode body = body(ctx);
        requireDatabase();
        Actor actor = Actor.token(holder.get().name(), holder.get().role().word(), Acting.text(body, "by"));
        json(ctx, acting.perform(actor, what, target, body, ctx.header("Idempotency-Key"), ctx.method() + " " + ctx.path()));
    }

    /**
     * An action answers within about a second while the database cannot be used: 503 with Retry-After at once, instead of
     * waiting for the pool's connection timeout and the lock's wait (a client with a short timeout would count the
     * replica dead, and a person would click again).
     */
    private void requireDatabase() {
        Optional<String> down = model.unavailable(Duration.ofMillis(800));
        if (down.isPresent()) throw new DatabaseDown(down.get());
    }

    /** The database cannot be used now: answered 503 with Retry-After. */
    static final class DatabaseDown extends RuntimeException {
        DatabaseDown(String why) {
            super(why);
        }
    }

    private JsonNode body(Context ctx) {
        byte[] raw = ctx.bodyAsBytes();
        if (raw.length > settings.maxBody()) {
            throw new ApiError(413, "Content Too Large", "the request body has " + raw.length + " bytes; at most " + settings.maxBody() + " are accepted");
        }
        if (raw.length == 0) return Json.object();
        String ct = ctx.contentType();
        if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "Unsupported Media Type", "Content-Type: '" + ct + "'; expected application/json (or no body)");
        }
        try {
            JsonNode n = Mappers.JSON.readTree(raw);
            if (n == null || !n.isObject()) throw new ApiError(400, "Bad Request", "the body is not a JSON object; expected {\"by\": ..., \"reason\": ...}");
            Acting.check(n);
            return n;
        } catch (IOException e) {
            throw new ApiError(400, "Bad Request", "the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** A message with the workspace's location on the server replaced by its name: no response shows where it lives. */
    String hidePaths(String text) {
        if (text == null) return null;
        java.nio.file.Path root = model.workspace().root();
        String out = text.replace(root.toAbsolutePath().normalize() + "/", "").replace(root.toAbsolutePath().normalize().toString(), workspaceName);
        String given = root.toString();
        if (!given.isEmpty() && !given.equals(".")) out = out.replace(given + "/", "").replace(given, workspaceName);
        return out;
    }

    private static LoopQuery query(Context ctx) {
        try {
            return LoopQuery.parse(ctx::queryParam);
        } catch (LoopQuery.Bad e) {
            throw new ApiError(400, "Bad Request", e.getMessage());
        }
    }

    /** {@code GET /api/loops}: the page of loops as {@code status --json} shows them, with where it is in the whole list. */
    static ObjectNode loopsJson(ReadModel.Snapshot s, LoopQuery.Page page) {
        ObjectNode o = Json.object();
        o.put("now", Instants.format(s.evaluation().now()));
        var loops = o.putArray("loops");
        page.loops().forEach(v -> loops.add(EvaluationJson.statusJson(v, s.last().get(v.id()))));
        o.put("total", page.total());
        o.put("page", page.page());
        o.put("per_page", page.perPage());
        o.put("pages", page.pages());
        return o;
    }

    /** {@code X-Total-Count} and a {@code Link} header with the next and previous pages (RFC 8288). */
    private static Map<String, String> pageHeaders(LoopQuery q, LoopQuery.Page page) {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("X-Total-Count", Integer.toString(page.total()));
        List<String> links = new ArrayList<>();
        if (page.page() < page.pages()) links.add("<" + q.withPage(page.page() + 1).href("/api/loops") + ">; rel=\"next\"");
        if (page.page() > 1) links.add("<" + q.withPage(Math.min(page.page() - 1, page.pages())).href("/api/loops") + ">; rel=\"prev\"");
        if (!links.isEmpty()) h.put("Link", String.join(", ", links));
        return h;
    }

    /** A response rendered once per snapshot: 304 when the client has it (If-None-Match), the bytes otherwise. */
    private static void send(Context ctx, Rendered.Body b) {
        ctx.header("ETag", b.etag());
        ctx.header("Cache-Control", "no-cache");
        b.headers().forEach(ctx::header);
        if (Rendered.matches(ctx.header("If-None-Match"), b.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(b.contentType()).result(b.bytes());
    }

    /**
     * With sign-in configured, reading needs it too: a page without a session goes to the login (and back), an API
     * read needs a session or any valid bearer token. {@code /metrics}, {@code /healthz} and the sign-in itself stay open.
     */
    private void gate(Context ctx) {
        if (auth == null) return;
        String path = ctx.path();
        if (path.equals("/metrics") || path.equals("/healthz") || path.equals("/login") || path.equals("/auth/callback")
                || path.equals("/logout") || Assets.isAsset(path)) {
            return;
        }
        boolean api = path.startsWith("/api/");
        if (api && ctx.method() != HandlerType.GET) return;   // API actions check their bearer token themselves
        if (auth.session(ctx).isPresent()) return;
        if (api) {
            String h = ctx.header("Authorization");
            if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) && settings.tokens().holder(h.substring(7).strip()).isPresent()) return;
            ctx.header("WWW-Authenticate", "Bearer realm=\"loopreg\"");
            throw new ApiError(401, "Unauthorized", "reading needs a signed-in session or Authorization: Bearer <token> (sign-in is on)");
        }
        if (ctx.method() == HandlerType.GET) {
            String back = path + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login?return=" + java.net.URLEncoder.encode(back, java.nio.charset.StandardCharsets.UTF_8),
                    io.javalin.http.HttpStatus.FOUND);
            ctx.skipRemainingHandlers();
        }
    }

    /** Set on a request once a handler of ours wrote its answer (a page or JSON): the 404 handler leaves it alone. */
    static final String ANSWERED = "loopreg.answered";

    private void html(Context ctx, String page) {
        frame.html(ctx, page);
    }

    private View view(ReadModel.Snapshot s) {
        return frame.view(s);
    }

    private View view() {
        return frame.view();
    }

    private View plainView() {
        return frame.plainView();
    }

    private ControlPages.Viewer viewer(Context ctx) {
        return frame.viewer(ctx);
    }

    private static void json(Context ctx, JsonNode n) {
        ctx.attribute(ANSWERED, true);
        ctx.contentType("application/json").result(Json.pretty(n));
    }

    private void error(Context ctx, int status, String title, String rawDetails) {
        ctx.status(status);
        String details = hidePaths(rawDetails);
        boolean form = ctx.path().startsWith("/ui/") || ctx.path().equals("/logout");
        if (ctx.path().startsWith("/api/") || ctx.path().equals("/metrics") || ctx.path().equals("/healthz")
                || (ctx.method() != HandlerType.GET && !form)) {
            ObjectNode o = Json.object();
            o.put("title", title);
            o.put("status", status);
            o.put("details", details);
            json(ctx, o);
        } else {
            html(ctx, Pages.error(plainView(), status, title, details));
        }
    }
}
