package dev.loopreg.cli;

import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version from the build. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws Exception {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/loopreg-version.properties")) {
            if (in != null) p.load(in);
        }
        return new String[] {"loopreg " + p.getProperty("version", "unknown") + " (Java " + System.getProperty("java.version") + ")"};
    }
}
