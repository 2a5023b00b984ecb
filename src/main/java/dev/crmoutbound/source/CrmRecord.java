package dev.crmoutbound.source;

/**
 * One CRM record as the shared record intake reads it: its id and its fields by name. Each CRM's record
 * class (a Salesforce sObject, a HubSpot contact) implements it, so that {@code direct:intake-record}
 * takes records of any CRM.
 */
public interface CrmRecord {

    /** The record's id in its CRM: the lead's record key, unique per campaign. */
    String id();

    /** A field's value as text, or null when absent or empty. */
    String text(String field);

    /** Whether a checkbox field is set. */
    default boolean isTrue(String field) {
        return "true".equalsIgnoreCase(text(field));
    }
}
