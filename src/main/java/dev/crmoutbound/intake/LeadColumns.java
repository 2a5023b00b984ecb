package dev.crmoutbound.intake;

import dev.crmoutbound.ledger.InputBounds;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Finds the columns of a header row (phone, record id, campaign, ...), by configured name or by common names. */
public final class LeadColumns {

    /** The column names configured for CSV files; empty ones are found by their common names. */
    public record Names(Optional<String> phone, Optional<String> id, Optional<String> campaign) {
    }

    private static final List<String> PHONE_NAMES = List.of(
            "phone", "phonenumber", "mobile", "tonumber", "number", "mobilephone", "cell", "telephone");
    private static final Set<String> ID_NAMES = Set.of(
            "id", "recordid", "leadid", "externalid", "crmid", "contactid");

    private LeadColumns() {
    }

    static String canonical(String header) {
        return header == null ? "" : header.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-.]", "");
    }

    public static int phoneColumn(List<String> headers, Optional<String> configured) {
        if (configured.isPresent()) {
            int at = indexOf(headers, canonical(configured.get()));
            if (at < 0) {
                throw new UnreadableLeadFileException("the configured phone column '" + configured.get()
                        + "' is not in the header row " + describe(headers));
            }
            return at;
        }
        for (String name : PHONE_NAMES) {
            int at = indexOf(headers, name);
            if (at >= 0) {
                return at;
            }
        }
        throw new UnreadableLeadFileException("no phone column: expected a header named phone, phone number, "
                + "mobile, to_number or number (or set CSV_PHONE_COLUMN); found " + describe(headers));
    }

    /** -1 when the file has no record-id column: rows are then keyed by file and row number. */
    public static int idColumn(List<String> headers, Optional<String> configured) {
        if (configured.isPresent()) {
            int at = indexOf(headers, canonical(configured.get()));
            if (at < 0) {
                throw new UnreadableLeadFileException("the configured record id column '" + configured.get()
                        + "' is not in the header row " + describe(headers));
            }
            return at;
        }
        for (int i = 0; i < headers.size(); i++) {
            if (ID_NAMES.contains(canonical(headers.get(i)))) {
                return indexOf(headers, canonical(headers.get(i)));
            }
        }
        return -1;
    }

    /**
     * The column named {@code configured}, else the first of {@code commonNames} present; -1 when the file
     * has none.
     */
    public static int optionalColumn(List<String> headers, Optional<String> configured, List<String> commonNames) {
        if (configured.isPresent()) {
            return indexOf(headers, canonical(configured.get()));
        }
        for (String name : commonNames) {
            int at = indexOf(headers, name);
            if (at >= 0) {
                return at;
            }
        }
        return -1;
    }

    /** The one column by this name; a name that two columns share cannot say which one is meant. */
    private static int indexOf(List<String> headers, String canonicalName) {
        int found = -1;
        for (int i = 0; i < headers.size(); i++) {
            if (canonical(headers.get(i)).equals(canonicalName)) {
                if (found >= 0) {
                    throw new UnreadableLeadFileException("columns " + (found + 1) + " and " + (i + 1) + " are both "
                            + "named " + InputBounds.quote(headers.get(found)) + ": which one is meant is ambiguous");
                }
                found = i;
            }
        }
        return found;
    }

    /** A header row as an error message shows it: the first names, and how many more. */
    static String describe(List<String> headers) {
        int shown = Math.min(headers.size(), 12);
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : ", ").append(InputBounds.clip(headers.get(i), 40));
        }
        return text.append(headers.size() > shown ? ", ... " + (headers.size() - shown) + " more]" : "]").toString();
    }
}
