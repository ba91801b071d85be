package dev.loopreg.workspace;

/** The fixed texts {@code init} writes. */
final class Templates {

    private Templates() {
    }

    static String loopYml(String id) {
        String repos = switch (id) {
            case "kaizen-stack" -> "roster                 # the active repos of roster.yaml";
            case "registry-hygiene" -> "rollout                # the repos of rollout.yaml";
            default -> "[]                     # roster | rollout | a list of repos";
        };
        String agents = id.equals("kaizen-stack") ? "[optimization, coach]" : "[]";
        return """
                # How loopreg reads the loop '%s'. Every field is described in docs/formats.md.
                description: null
                # The source workplan (seed format) whose exit tasks must be done to leave bootstrap,
                # relative to the workspace root, e.g. workplans/LOOP-WP-0001-kaizen-stack.md.
                # Until one is set, the exit_criteria rule does not hold.
                workplan: null
                # exit_tasks: [T01, T02, T03]    # omitted = every task of the workplan
                sla_hours: 24
                # Where the loop's tasks come from, for the collector:
                # tasks: {source: file, path: loops/%s/tasks.jsonl}   # or {source: state-hub, workstream: <uuid>}
                agents: %s
                repos: %s
                repos_root: ../fleet           # where local clones of the fleet's repos live
                rescue_log: loops/%s/bootstrap-log.md
                """.formatted(id, id, agents, repos, id);
    }

    static String bootstrapLog(String id) {
        return """
                # Bootstrap log — %s

                People keep this log. One entry per list item, starting with a timestamp and a tag; `[rescue]`
                entries are manual rescues (a person had to step in). Timestamps without a zone are read in the
                workspace's time zone (policy.yml `time_zone`).

                <!-- example: - 2026-06-18T14:05Z [rescue] restarted the stuck optimization session on repo-a -->
                """.formatted(id);
    }

    static final String ROSTER = """
            # Repo roster of the kaizen-stack loop (ADR-004). loopreg rotate/revisit edit it; people may too.
            active: []            # repos receiving optimization focus: {repo: name, since: instant, priority: normal|elevated}
            expansion_queue: []   # ordered candidates: the first becomes active on a rotation
            saturated: []         # repos paused on diminishing returns: {repo: name, saturated_at: instant}
            """;

    static String supplierNotes(String id) {
        return """
                # Supplier notes — %s

                Friction found while running the loop, for the supplier (kaizen-agentic). Newest last.
                """.formatted(id);
    }

    static final String THRESHOLDS = """
            # Thresholds of the quality-escalation loop (owned by that loop; loopreg only checks the syntax).
            {}
            """;

    static final String SIGNALS = """
            # Signals of the registry-hygiene loop (owned by that loop; loopreg only checks the syntax).
            {}
            """;

    static final String ROLLOUT = """
            # Rollout of the registry-hygiene loop: the repos it covers (repos: rollout in loop.yml).
            repos: []
            """;

    static final String DECISIONS_README = """
            # Decisions

            One readable record per applied change, `DEC-NNN-<slug>.md`, written by loopreg beside its line in
            `../decisions.jsonl`. Numbers go on from the highest already used.
            """;

    static final String SESSION_TEMPLATE = """
            # Regulator session {{session_id}} — {{workspace}} — {{now}}

            Prepared by `loopreg session prepare` for the optimization agent (or a person) reviewing the loops
            (LOOP-WP-0004 T04). The seed's equivalent:

            ```bash
            kaizen-agentic schedule prepare optimization --target {{workspace}}
            # Include: dashboard.md, all health.jsonl tails, all cadence.yml
            ```

            ## Questions to answer

            {{questions}}

            ## Session outputs

            1. Promotion / hold / demote recommendation per loop
            2. Noise sources to disable or throttle
            3. Supplier friction items for `supplier-notes.md`
            4. Updated `cadence.yml` proposals (human commits)

            Write them into the outcome file below (it is also beside this file as `outcome.yml`) and record it:
            `loopreg session record <bundle>/outcome.yml`. That sets the approvals, lists the noise sources on the
            dashboard, appends the friction items to `supplier-notes.md`, writes the cadence proposals (never applied)
            and records this session like an agent execution (`kaizen-agentic metrics record optimization --success ...`).

            {{outcome_template}}
            ## Pending actions

            {{pending_actions}}
            ## Urgent tasks

            {{urgent_tasks}}
            ## Noise sources listed earlier

            {{noise_sources}}
            ## Current recommendations, with every rule's evidence

            {{recommendations}}
            ## Rotation candidates

            {{rotation}}
            ## The regulator's own cadence

            {{regulator_cadence}}
            ## Health records (last {{tail_records}} per loop)

            {{health_tails}}
            ## Cadence state

            {{cadence_files}}
            ## Dashboard

            {{dashboard}}""";


    static final String COLLECTOR_DEFINITION = """
            ---
            id: hourly-loop-health-collector
            title: Hourly loop-health collector
            cron: "50 * * * *"
            enabled: false
            role: collector
            command: loopreg collect && loopreg evaluate
            ---
            # Hourly loop-health collector (LOOP-WP-0004 T03)

            Runs at minute 50 of every hour, after the other hourly loops:

            - collects task counts from state-hub or the task exports, metrics summaries from the pilot repos,
              and `bootstrap-log.md` entries;
            - appends one JSON line per loop to `loops/<id>/health.jsonl`;
            - evaluates every loop and regenerates `loops/regulator/dashboard.md`;
            - if a demotion trigger fired, creates an **urgent** regulator task.

            Drafted disabled, as in the seed: run the collector by hand for the first cycles (T05), check the
            records and the dashboard, then set `enabled: true`.

            `role: collector` binds the cron to the regulator's own cadence (`loops/regulator/cadence.yml`):
            `loopreg apply regulator` sets it to hourly or daily.
            """;

    static final String SESSION_DEFINITION = """
            ---
            id: regulator-session
            title: Regulator review session
            cron: "0 11 * * *"
            enabled: false
            role: session
            command: loopreg session prepare
            ---
            # Regulator review session (LOOP-WP-0004 T04)

            Prepares the bundle for the optimization agent (or a person) reviewing the loops:
            `loopreg session prepare` renders `loops/regulator/session-template.md` into
            `loops/regulator/sessions/<when>/session.md`, with an `outcome.yml` to fill in. The session's outcome is
            ingested with `loopreg session record loops/regulator/sessions/<when>/outcome.yml`.

            Daily while the regulator is hourly, weekly (Monday 11:00) once it is daily: `role: session` binds the
            cron to `loops/regulator/cadence.yml`, and `loopreg apply regulator` sets it.
            """;
}
