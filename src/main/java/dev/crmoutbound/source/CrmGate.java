package dev.crmoutbound.source;

/** Whether a CRM's traffic may flow: paused for a while (a rate limit), or stopped until someone acts (a bad login). */
public interface CrmGate {

    /** Why traffic is stopped until someone acts, else null. */
    String stoppedBecause();

    /** Why traffic is paused or stopped now, else null. */
    String closedBecause();
}
