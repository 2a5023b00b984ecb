package dev.crmoutbound.source;

/** The exit codes of a {@code --batch} run. */
public final class BatchExit {

    /** Every lead is final and its results are written (and uploaded, and written back). */
    public static final int DONE = 0;
    /** A campaign is stopped or paused, or a source's traffic stopped: what is left waits for the next run. */
    public static final int CAMPAIGN_HALTED = 2;
    /** A lead file went to the error folder. */
    public static final int FILE_REJECTED = 3;
    /** Only a source's server is left and it has been out of reach too long. */
    public static final int SOURCE_UNREACHABLE = 4;
    /** Outcomes could not be written back to a CRM and are kept as dead letters. */
    public static final int WRITEBACK_FAILED = 5;

    private BatchExit() {
    }
}
