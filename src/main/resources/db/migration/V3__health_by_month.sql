-- Health records — the log that grows with every loop and every cycle — in their own table, partitioned by the month
-- of their cycle: the tail reads go by log and seq (the index below, in every partition), and retention drops whole
-- months (loopreg db prune). A month's partition is made when its first record arrives; a line without a readable
-- cycle goes to the default partition, kept.
CREATE SEQUENCE health_lines_seq;

CREATE TABLE health_lines (
    log   text        NOT NULL REFERENCES logs (log),
    seq   bigint      NOT NULL DEFAULT nextval('health_lines_seq'),
    cycle timestamptz,
    line  text        NOT NULL
) PARTITION BY RANGE (cycle);

CREATE TABLE health_lines_undated PARTITION OF health_lines DEFAULT;

CREATE INDEX health_lines_log_seq ON health_lines (log, seq);
