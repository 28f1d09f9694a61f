package io.tenantstore;

/**
 * The adapter in use does not implement what was called, for instance a repository added to the
 * SPI after the adapter was written. Code {@link ErrorCode#UNSUPPORTED}. Immutable; thread-safe.
 */
public class UnsupportedFeatureException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message what is not supported, and by which adapter */
    public UnsupportedFeatureException(String message) {
        super(ErrorCode.UNSUPPORTED, message);
    }
}
