package bbh.tenant.validate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.source.DirectoryTenantFolder;
import bbh.tenant.source.TenantFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fixture repository copied to a scratch folder, where its {@code setup.txt} (if any) is carried
 * out: things git does not keep or that are too big to commit.
 *
 * <p>setup.txt lines: {@code symlink <path> <target>} makes a symlink; {@code fill <path> <bytes>}
 * writes a valid metadata.json padded with spaces to exactly that size; {@code fill-unit <path> <bytes>}
 * writes a valid unit file padded with a comment to exactly that size; {@code units <folder> <count>}
 * writes that many small valid units {@code u<N>.target} into the folder. {@code #} starts a comment.
 */
final class FixtureRepository {
    private FixtureRepository() {}

    /** Copies {@code source} into {@code scratch} and applies its setup; returns the copy's top. */
    static Path prepare(Path source, Path scratch) throws IOException {
        Path top = scratch.resolve("repo");
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path to = top.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Path setup = top.resolve("setup.txt");
        if (Files.exists(setup)) {
            for (String line : Files.readAllLines(setup)) {
                String[] w = line.strip().split("\\s+");
                if (w[0].isEmpty() || w[0].startsWith("#")) {
                    continue;
                }
                Path at = top.resolve(w[1]);
                Files.createDirectories(at.getParent());
                switch (w[0]) {
                    case "symlink" -> Files.createSymbolicLink(at, Path.of(w[2]));
                    case "fill" -> fill(at, Integer.parseInt(w[2]));
                    case "fill-unit" -> fillUnit(at, Integer.parseInt(w[2]));
                    case "units" -> units(at, Integer.parseInt(w[2]));
                    default -> throw new IllegalArgumentException("unknown setup step: " + line);
                }
            }
        }
        return top;
    }

    /** A valid metadata.json for the folder {@code at} is in, padded to {@code size} bytes. */
    private static void fill(Path at, int size) throws IOException {
        String id = at.getParent().getFileName().toString();
        byte[] head = ("{ \"schemaVersion\": 1, \"id\": \"" + id + "\" }").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(at)) {
            out.write(head);
            out.write(" ".repeat(size - head.length).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A valid unit file of {@code size} bytes: a [Unit] section and one long comment. */
    private static void fillUnit(Path at, int size) throws IOException {
        String head = "[Unit]\nDescription=padded\n#";
        Files.writeString(at, head + "x".repeat(size - head.length() - 1) + "\n", StandardCharsets.US_ASCII);
    }

    /** {@code count} units u1.target, u2.target, ... in the folder {@code at}. */
    private static void units(Path at, int count) throws IOException {
        Files.createDirectories(at);
        for (int i = 1; i <= count; i++) {
            Files.writeString(at.resolve("u" + i + ".target"), "[Unit]\nDescription=unit " + i + "\n", StandardCharsets.US_ASCII);
        }
    }

    /** The folders under {@code top/tenants}, sorted by name. */
    static List<TenantFolder> folders(Path top) throws IOException {
        List<TenantFolder> folders = new ArrayList<>();
        Path tenants = top.resolve("tenants");
        if (!Files.isDirectory(tenants)) {
            return folders;
        }
        try (Stream<Path> list = Files.list(tenants)) {
            list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                    .forEach(name -> folders.add(new DirectoryTenantFolder(top, name)));
        }
        return folders;
    }

    /**
     * The specs of the repository at {@code top}, each validated on its own (so tenants in force
     * may conflict with each other, as they can after a partial update); each must be valid.
     */
    static List<TenantSpec> specsInForce(TenantValidation validation, Path top) throws IOException {
        List<TenantSpec> specs = new ArrayList<>();
        for (TenantFolder f : folders(top)) {
            TenantCheck c = validation.validate(List.of(f), List.of()).get(0);
            assertTrue(c.valid(), () -> "in-force fixture must be valid: " + c.problems());
            specs.add(c.spec());
        }
        return specs;
    }
}
