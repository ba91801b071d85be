package dev.loopreg.cli;

import dev.loopreg.format.Instants;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** {@code --now 2026-06-25T12:00:00Z} (or with an offset, e.g. {@code +02:00}). */
public final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        try {
            return Instants.parse(value);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not an instant; expected ISO-8601 with a zone, "
                    + "such as 2026-06-25T12:00:00Z or 2026-06-25T14:00:00+02:00");
        }
    }
}
