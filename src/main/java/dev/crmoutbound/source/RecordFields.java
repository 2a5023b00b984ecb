package dev.crmoutbound.source;

import java.util.List;
import java.util.Map;

/**
 * Which fields of a CRM's records mean what to the intake: the phone, the checkboxes that forbid a call,
 * the fields sent with the call as metadata (key to field), and the optional fields naming the campaign,
 * holding consent or the recipient's time zone (null when not mapped).
 */
public record RecordFields(String phone, List<String> doNotCall, Map<String, String> metadata, String campaign,
                           String consent, String timeZone) {
}
