package io.tenantstore;

/**
 * Where the control plane (tenants, clients, scopes) is kept when a global database is configured.
 * Without a global database it is always {@link #FILES}.
 */
public enum ControlPlaneSource {
    /**
     * The YAML files under {@code fsRoot} are the truth; with a global database every write also
     * goes to the database (a backup and query copy), and drift is repaired from the files.
     * Default.
     */
    FILES,
    /** The global database is the truth; no files are needed and many processes share it. */
    DATABASE;

    /**
     * @param text {@code files} or {@code database}, as written in store.yaml
     * @return the source
     * @throws InvalidInputException for anything else
     */
    public static ControlPlaneSource parse(String text) {
        return switch (text == null ? "" : text) {
            case "files" -> FILES;
            case "database" -> DATABASE;
            default -> throw new InvalidInputException("control-plane source must be files or database, found '"
                    + text + "'");
        };
    }

    /** @return the name used in store.yaml: {@code files} or {@code database} */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
