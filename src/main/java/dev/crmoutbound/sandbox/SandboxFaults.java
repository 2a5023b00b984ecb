package dev.crmoutbound.sandbox;

/** Faults the sandbox plays when asked (by a test): KrosAI as it behaves on a bad day. */
interface SandboxFaults {

    SandboxFaults NONE = new SandboxFaults() {
    };

    /** Whether this call request is refused with 429 although a slot is free (someone else took it). */
    default boolean refuseWithLimit() {
        return false;
    }

    /** Whether this placed call's answer is lost (the caller never hears it); {@code requestId} from its metadata. */
    default boolean loseAnswer(String requestId) {
        return false;
    }

    /** Calls in progress on the account that someone else placed: they take its slots too. */
    default int externalCalls() {
        return 0;
    }
}
