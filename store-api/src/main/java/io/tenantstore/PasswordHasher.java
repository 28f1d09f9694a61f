package io.tenantstore;

/**
 * Hashes and checks user passwords. The store uses one instance for both, so a hash written by
 * {@link #hash(char[])} is always checkable by {@link #verify(char[], String)}. Implementations
 * must be thread-safe.
 */
public interface PasswordHasher {
    /**
     * @param password the clear password; the caller may wipe it afterwards
     * @return an encoded hash carrying its algorithm and parameters
     */
    String hash(char[] password);

    /**
     * @param password the clear password presented
     * @param encoded  a hash produced by {@link #hash(char[])}
     * @return whether they match; false (not an exception) for a hash in an unknown format
     */
    boolean verify(char[] password, String encoded);
}
