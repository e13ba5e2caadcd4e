package bbh.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Folders for the files a test makes: repositories and host roots. Surefire passes
 * {@code bbh.itest.work} (this module's {@code target/it-work}), so they stay for inspection after
 * a failure and go with {@code mvn clean}.
 */
final class Scratch {
    private Scratch() {}

    /** A new, empty folder whose name starts with {@code name}. */
    static Path folder(String name) {
        try {
            Path base = Path.of(System.getProperty("bbh.itest.work", System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
