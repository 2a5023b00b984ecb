package dev.crmoutbound.hubspot;

/** HubSpot answered a call with an error status; the gate has already acted on it. */
public class HubSpotRefusal extends RuntimeException {

    private final HubSpotError error;

    public HubSpotRefusal(HubSpotError error) {
        super(error.describe());
        this.error = error;
    }

    public HubSpotError error() {
        return error;
    }

    /** The error a failure stands for: HubSpot's own, or a passing fault (a connection refused, a timeout). */
    public static HubSpotError errorOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HubSpotRefusal refusal) {
                return refusal.error();
            }
        }
        return new HubSpotError(HubSpotError.Kind.TRANSIENT, 0, null, dev.crmoutbound.ops.FaultLog.describe(failure));
    }
}
