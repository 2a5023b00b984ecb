package dev.crmoutbound.source;

import java.time.Duration;

/**
 * One source of leads as the rest of the service sees it. A source binds its own routes and beans, then
 * registers one of these with {@link LeadSources}; batch mode, the dry run, readiness and dead letters
 * loop over the registered sources and name none of them.
 */
public interface LeadSource {

    /** Its name in the ledger (each lead's source), in metrics and in report files: {@code salesforce}. */
    String name();

    /** Its name in log lines and messages: {@code Salesforce}. */
    default String displayName() {
        return name();
    }

    /**
     * The endpoint the dry run calls to judge what this source would take in now, answering with a
     * summary line; null when there is nothing to judge (the source is off).
     */
    default String dryRunEndpoint() {
        return null;
    }

    /** Why this source's traffic has stopped until someone acts, else null; a {@code --batch} run then halts. */
    default String stoppedBecause() {
        return null;
    }

    /**
     * Readiness: why the service is not ready because of this source, when it may go {@code unreachableLimit}
     * without reaching its system; null while it is fine.
     */
    default String notReadyBecause(Duration unreachableLimit) {
        return null;
    }

    /**
     * For {@code --batch}, asked once the inbox is empty and every lead is final: null while this source
     * still has work, else the run's exit code ({@link BatchExit}), with its reason logged.
     */
    default Integer batchExitCode() {
        return BatchExit.DONE;
    }

    /** A source as the dry run knows it: a name and the endpoint that judges its waiting leads. */
    static LeadSource judgedBy(String name, String displayName, String dryRunEndpoint) {
        return new LeadSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String displayName() {
                return displayName;
            }

            @Override
            public String dryRunEndpoint() {
                return dryRunEndpoint;
            }
        };
    }
}
