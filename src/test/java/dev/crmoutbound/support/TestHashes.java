package dev.crmoutbound.support;

import dev.crmoutbound.privacy.NumberHashes;

/** The hash key tests write the ledger with, where no application sets one. */
public final class TestHashes {

    public static final NumberHashes HASHES = NumberHashes.withKey("test-key-of-at-least-32-characters");

    private TestHashes() {
    }
}
