package dev.crmoutbound.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crmoutbound.intake.LeadCsv;
import dev.crmoutbound.intake.PhoneNormalizer;
import dev.crmoutbound.ledger.PersonErasure;
import dev.crmoutbound.ledger.PersonExport;
import dev.crmoutbound.ops.PhoneMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A person's rights over what the service holds about them, by their phone number: {@link #forget}
 * (erasure: the ledger's records reduced or removed, their rows in the input and results files kept
 * here emptied, the number on the do-not-call list by its hash alone) and {@link #export} (access).
 */
public class PersonalData {

    /** What an erasure did, in lines for a person to read; nothing in it names the number in clear. */
    public record Report(List<String> lines) {
        @Override
        public String toString() {
            return String.join("\n", lines);
        }
    }

    private final PhoneNormalizer phones;
    private final PersonErasure erasure;
    private final PersonExport export;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public PersonalData(PhoneNormalizer phones, PersonErasure erasure, PersonExport export) {
        this.phones = phones;
        this.erasure = erasure;
        this.export = export;
    }

    /** The number in E.164, or an IllegalArgumentException saying why it is not one. */
    public String number(String raw) {
        PhoneNormalizer.Result result = phones.normalise(raw);
        if (!result.valid()) {
            throw new IllegalArgumentException("not a phone number: " + result.rejectReason());
        }
        return result.e164();
    }

    public Report forget(String raw) {
        String e164 = number(raw);
        PersonErasure.Erased erased = erasure.forget(e164);
        List<String> lines = new ArrayList<>();
        lines.add("Erased " + PhoneMask.mask(e164) + ":");
        lines.add("  leads: " + erased.leads() + " (their number, CRM fields, transcript and record id removed; "
                + erased.rejected() + " not yet called, now rejected as '" + PersonErasure.ERASED + "')");
        if (erased.inCall() > 0) {
            lines.add("  in a call now: " + erased.inCall() + " (its end is recorded without personal data)");
        }
        lines.add("  call attempts: " + erased.attempts() + " (number removed)");
        lines.add("  webhook event records: " + erased.webhookEvents() + " removed");
        lines.add("  write-backs to a CRM not yet done or dead letters: " + erased.writebacks() + " discarded");
        lines.add("  de-duplication keys: " + erased.keys() + " removed");
        for (Map.Entry<String, TreeSet<Integer>> file : erased.fileRows().entrySet()) {
            lines.add("  " + blank(Path.of(file.getKey()), file.getValue()));
        }
        if (erased.clearDoNotCallSource() != null) {
            lines.add("  do-not-call list: the entry in clear (from " + erased.clearDoNotCallSource() + ") replaced by "
                    + "the number's keyed hash; if that source is DNC_FILE, remove the number there too, or the next "
                    + "reading of the file lists it in clear again");
        } else {
            lines.add("  do-not-call list: " + (erased.hashListed() ? "added" : "already listed") + " by its keyed hash "
                    + "alone: it is never called again");
        }
        lines.add("  not searched: files still waiting in the inbox or being taken in right now (run this again "
                + "once they are in), files in the error folder, results already uploaded to an SFTP server or "
                + "written back to a CRM");
        return new Report(lines);
    }

    private static String blank(Path file, TreeSet<Integer> rows) {
        if (!Files.exists(file)) {
            return file.getFileName() + ": gone already";
        }
        try {
            return file.getFileName() + ": " + LeadCsv.blankRows(file, rows) + " row(s) emptied";
        } catch (IOException | RuntimeException e) {
            return file.getFileName() + ": NOT emptied (" + e.getMessage() + "); rows " + rows + " hold the person";
        }
    }

    /** Everything the ledger holds about the number, as JSON. */
    public String export(String raw) {
        Map<String, Object> data = export.export(number(raw));
        try {
            for (Object lead : (List<?>) data.get("leads")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) lead;
                if (fields.get("metadata") instanceof String metadata) {
                    fields.put("metadata", json.readTree(metadata));
                }
            }
            return json.writeValueAsString(data);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the export as JSON", e);
        }
    }
}
