package io.tenantstore.mongodb.internal;

import java.util.concurrent.atomic.AtomicInteger;

import io.tenantstore.PasswordHasher;

/** A reversible stand-in for the store's hasher that counts its calls. Thread-safe. */
final class FakePasswordHasher implements PasswordHasher {
    static final String PREFIX = "fake$";

    final AtomicInteger hashes = new AtomicInteger();
    final AtomicInteger verifications = new AtomicInteger();

    @Override
    public String hash(char[] password) {
        hashes.incrementAndGet();
        return PREFIX + new StringBuilder(new String(password)).reverse();
    }

    @Override
    public boolean verify(char[] password, String encoded) {
        verifications.incrementAndGet();
        return encoded.equals(PREFIX + new StringBuilder(new String(password)).reverse());
    }
}
