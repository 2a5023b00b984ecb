package dev.crmoutbound.ledger;

/**
 * The longest values the ledger keeps that come from input (a lead file's cells and name, a CRM
 * record, a webhook) or from text quoting it. Each is enforced in code before the insert, and each is
 * at most its column's width (a test reads the widths from both databases), so no value from one row
 * can make the database refuse a chunk and, with it, the file.
 */
public final class InputBounds {

    /** call_lead.record_key and lead_key.key_value: a source's record id. Longer ids reject their row. */
    public static final int RECORD_KEY = 200;
    /** lead_batch.input_name: a lead file's path under its inbox. A longer path makes the file unreadable. */
    public static final int INPUT_PATH = 400;
    /** call_lead.reason, campaign.reason, crm_writeback.last_error: clipped. */
    public static final int REASON = 2000;
    /** call_lead.time_zones: the recipient's zones, comma-separated (every number libphonenumber knows fits). */
    public static final int TIME_ZONES = 4000;
    /** call_lead.deferred_by: a calling rule's name, which a user's rules file writes. */
    public static final int DEFERRED_BY = 500;
    /** webhook_event.event_id: a longer id is refused with 400. */
    public static final int EVENT_ID = 200;
    /** webhook_event.event_type. */
    public static final int EVENT_TYPE = 64;
    /** call_lead.call_id, webhook_event.call_id, call_attempt.call_id. */
    public static final int CALL_ID = 128;
    /** call_lead.hangup_cause: clipped. */
    public static final int HANGUP_CAUSE = 64;
    /** How much of a value a reason quotes ("invalid phone number '...'"). */
    public static final int QUOTED = 80;

    private InputBounds() {
    }

    /** {@code text} cut to at most {@code max} characters, ending in an ellipsis when cut; null stays null. */
    public static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** A reason as the ledger keeps it. */
    public static String reason(String reason) {
        return clip(reason, REASON);
    }

    /** A value from input quoted inside a reason: single-quoted, on one line, and short. */
    public static String quote(String value) {
        String oneLine = value == null ? "" : value.strip().replaceAll("[\\r\\n\\t]+", " ");
        return "'" + clip(oneLine, QUOTED) + "'";
    }
}
