package dev.loopreg.health;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.loopreg.format.Instants;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a health record the way loopreg writes one, with Jackson's streaming parser and no JSON tree: the profile of
 * {@code evaluate} at 5,000 loops spent over half its samples building trees for {@link HealthRecordCodec#parse}.
 * Anything it is not sure of — an unknown or repeated field, a value of another type, a count that is negative or
 * huge, a number with many digits or an exponent, a rate out of range, an instant not in loopreg's form, a bad phase —
 * makes it answer null, and the full reader decides (and names the problem). Pure.
 */
final class HealthRecordFastPath {

    private static final BigDecimal MAX_COUNT = BigDecimal.valueOf(Long.MAX_VALUE);

    /**
     * A parser factory without Jackson's duplicate detection: this reader tells a repeated field itself (one bit per
     * known field), and the detector's set for every record was a sixth of what an evaluation allocated.
     */
    private static final com.fasterxml.jackson.core.JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactory();

    private HealthRecordFastPath() {
    }

    /** The record, or null when the full reader must read it. */
    static HealthRecord parse(String line) {
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            int seen = 0;
            String loop = null;
            String phaseText = null;
            Instant cycle = null;
            Instant at = null;
            Instant since = null;
            List<String> errors = List.of();
            Long[] counts = new Long[5];
            BigDecimal[] numbers = new BigDecimal[7];
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                int field = HealthRecordCodec.FIELDS.indexOf(p.currentName());
                if (field < 0 || (seen & (1 << field)) != 0) return null;
                seen |= 1 << field;
                JsonToken v = p.nextToken();
                switch (field) {
                    case 0 -> loop = text(p, v);
                    case 1 -> cycle = instant(p, v);
                    case 2 -> at = v == JsonToken.VALUE_NULL ? null : instant(p, v);
                    case 3 -> since = v == JsonToken.VALUE_NULL ? null : instant(p, v);
                    case 4 -> phaseText = text(p, v);
                    case 5, 6, 8, 9, 10 -> {
                        if (v == JsonToken.VALUE_NULL) break;
                        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) return null;
                        long c = p.getLongValue();
                        if (c < 0) return null;
                        counts[countIndex(field)] = c;
                    }
                    case 17 -> {
                        if (v == JsonToken.VALUE_NULL) break;
                        if (v != JsonToken.START_ARRAY) return null;
                        List<String> es = new ArrayList<>();
                        JsonToken e;
                        while ((e = p.nextToken()) == JsonToken.VALUE_STRING) es.add(SHARED_TEXT.get(p.getText(), x -> x));
                        if (e != JsonToken.END_ARRAY) return null;
                        errors = es;
                    }
                    default -> {
                        if (v == JsonToken.VALUE_NULL) break;
                        BigDecimal d = decimal(p, v);
                        if (d == null) return null;
                        String name = HealthRecordCodec.FIELDS.get(field);
                        if (d.signum() < 0 && (HealthRecordCodec.RATES.contains(name) || HealthRecordCodec.NON_NEGATIVE.contains(name))) return null;
                        if (HealthRecordCodec.RATES.contains(name) && d.compareTo(BigDecimal.ONE) > 0) return null;
                        numbers[numberIndex(field)] = d;
                    }
                }
                if ((field == 0 && loop == null) || (field == 1 && cycle == null) || (field == 4 && phaseText == null)) return null;
                if ((field == 2 || field == 3) && v != JsonToken.VALUE_NULL && (field == 2 ? at : since) == null) return null;
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) return null;
            if (loop == null || cycle == null || phaseText == null) return null;
            Phase phase = Phase.parse(phaseText).orElse(null);
            if (phase == null) return null;
            if (since != null && !since.isBefore(cycle)) return null;
            return HealthRecord.builder(loop, cycle, phase).at(at == null ? cycle : at).since(since).errors(errors)
                    .tasksCreated(counts[0]).tasksCompleted(counts[1]).manualRescues(counts[2]).duplicateTasks(counts[3])
                    .likelyDuplicateTasks(counts[4]).slaCompletionRate(numbers[0]).falsePositiveRate(numbers[1])
                    .agentSuccessRate(numbers[2]).meanSessionTimeSec(numbers[3]).costSignal(numbers[4]).marginalGain(numbers[5])
                    .saturationScore(numbers[6]).build();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int countIndex(int field) {
        return switch (field) {
            case 5 -> 0;
            case 6 -> 1;
            case 8 -> 2;
            case 9 -> 3;
            default -> 4;
        };
    }

    private static int numberIndex(int field) {
        return switch (field) {
            case 7 -> 0;
            case 11 -> 1;
            case 12 -> 2;
            case 13 -> 3;
            case 14 -> 4;
            case 15 -> 5;
            default -> 6;
        };
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        return v == JsonToken.VALUE_STRING ? SHARED_TEXT.get(p.getText(), t -> t) : null;
    }

    private static Instant instant(JsonParser p, JsonToken v) throws IOException {
        return v == JsonToken.VALUE_STRING ? SHARED_INSTANTS.get(p.getText(), Instants::canonicalOrNull) : null;
    }

    /**
     * Values many records repeat — a fleet's loops share their cycles, a loop's records its name, many records the same
     * error sentences — are made once and shared (both are immutable): an evaluation of thousands of loops holds one
     * copy, and skips parsing the instant again. Bounded: past {@link Shared#MAX} entries a table starts over.
     */
    private static final Shared<Instant> SHARED_INSTANTS = new Shared<>();
    private static final Shared<String> SHARED_TEXT = new Shared<>();

    private static final class Shared<V> {
        static final int MAX = 8192;
        private final java.util.concurrent.ConcurrentHashMap<String, V> map = new java.util.concurrent.ConcurrentHashMap<>();

        V get(String key, java.util.function.Function<String, V> make) {
            V v = map.get(key);
            if (v != null) return v;
            v = make.apply(key);
            if (v == null) return null;
            if (map.size() >= MAX) map.clear();
            map.putIfAbsent(key, v);
            return v;
        }
    }

    /** A plain number with a few digits, as the tree reader would hold it; null for anything else. */
    private static BigDecimal decimal(JsonParser p, JsonToken v) throws IOException {
        String text = p.getText();
        if (text.length() > 24 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) return null;
        if (v == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) return null;
            return BigDecimal.valueOf(p.getLongValue());
        }
        if (v != JsonToken.VALUE_NUMBER_FLOAT) return null;
        BigDecimal d = p.getDecimalValue();
        // as Jackson's node factory keeps it (USE_BIG_DECIMAL_FOR_FLOATS): zero as 0, others without trailing zeros
        return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }
}
