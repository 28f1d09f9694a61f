package io.tenantstore.core.yaml;

import io.tenantstore.Secret;
import io.tenantstore.spi.SecretCodec;

/** Converts between the SPI's {@link SecretCodec} and the YAML code's {@link SecretResolver}. Stateless. */
public final class SecretCodecs {
    private SecretCodecs() {
    }

    /** @param resolver a resolver @return it as an SPI codec */
    public static SecretCodec toCodec(SecretResolver resolver) {
        return new SecretCodec() {
            @Override
            public Secret decode(String stored, String owner, String field, String location) {
                return resolver.resolve(stored, new SecretSite(owner, field, location));
            }

            @Override
            public String encode(Secret secret, String owner, String field, String location) {
                return resolver.reference(secret, new SecretSite(owner, field, location));
            }
        };
    }

    /** @param codec an SPI codec @return it as a resolver */
    public static SecretResolver toResolver(SecretCodec codec) {
        return new SecretResolver() {
            @Override
            public Secret resolve(String text, SecretSite site) {
                return codec.decode(text, site.owner(), site.field(), site.location());
            }

            @Override
            public String reference(Secret secret, SecretSite site) {
                return codec.encode(secret, site.owner(), site.field(), site.location());
            }
        };
    }
}
