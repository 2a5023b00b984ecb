package dev.crmoutbound.sandbox;

/** What happens in the sandbox, for whoever observes it (a test); the service's own sandbox has no observer. */
interface SandboxEvents {

    SandboxEvents NONE = new SandboxEvents() {
    };

    /** A call request arrived (valid or not). */
    default void requested() {
    }

    /** A call request was refused with 429: the account's concurrent calls were all in use. */
    default void refusedForLimit() {
    }

    /** A call request took one of the account's slots: {@code active} are now in use. */
    default void slotTaken(int active) {
    }

    /** A call was placed. */
    default void placed(SandboxCall call) {
    }

    /** A call ended at {@code nanos} ({@link System#nanoTime()}), freeing its slot. */
    default void ended(SandboxCall call, long nanos) {
    }
}
