package io.atoll.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version and git commit, from resources written at build time. */
final class Version {
    static final String VERSION;
    static final String COMMIT;

    static {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/atoll-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to the defaults below
        }
        VERSION = p.getProperty("atoll.version", "0.0.0");
        String commit = p.getProperty("atoll.commit", "");
        COMMIT = commit.matches("[0-9a-f]{40}") ? commit : "0".repeat(40);
    }

    private Version() {
    }
}
