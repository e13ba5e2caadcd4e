package bbh.sysext.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds a reproducible squashfs image of a folder with mksquashfs (squashfs-tools 4.5): the same
 * folder gives the same bytes, so an image's SHA-256 names its content.
 *
 * <p>What makes it reproducible: {@code -noappend} (never add to an old file), {@code -all-root}
 * (owners are root, not the builder's), {@code -mkfs-time 0 -all-time 0} (no clock in the image),
 * {@code -no-xattrs} (no labels of the build host), a fixed {@code -root-mode}; mksquashfs sorts
 * each folder's entries itself and is {@code -reproducible} by default since 4.4, also with
 * several processors. Compression is mksquashfs's default (gzip): every kernel that has squashfs
 * reads it.
 */
public final class SquashfsBuilder {

    /** Names the options below: part of the cache key, so changing them rebuilds every image. */
    public static final String FORMAT = "squashfs-gzip-r1";

    /** A build of a large tree on a loaded host still ends well within this. */
    private static final long TIMEOUT_SECONDS = 600;

    private final String mksquashfs;

    /** @param mksquashfs the program, a name on the PATH or a path */
    public SquashfsBuilder(String mksquashfs) {
        this.mksquashfs = mksquashfs;
    }

    /** Builds {@code image} (which must not exist) from {@code folder}. */
    public void build(Path folder, Path image) throws IOException {
        List<String> command = List.of(mksquashfs, folder.toString(), image.toString(),
                "-noappend", "-all-root", "-mkfs-time", "0", "-all-time", "0", "-no-xattrs", "-root-mode", "0755",
                "-no-progress", "-quiet");
        Path log = Files.createTempFile(image.getParent(), ".mksquashfs-", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended;
            try {
                ended = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while building " + image, e);
            }
            if (!ended) {
                p.destroyForcibly();
                throw new IOException(mksquashfs + " did not finish within " + TIMEOUT_SECONDS + " s building " + image);
            }
            if (p.exitValue() != 0) {
                String out = Files.readString(log, StandardCharsets.UTF_8).strip();
                throw new IOException(mksquashfs + " failed (exit " + p.exitValue() + ") building " + image + ": "
                        + (out.length() > 500 ? out.substring(0, 500) + "..." : out));
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("error=2")) {
                throw new IOException(mksquashfs + " is not installed (package squashfs-tools)", e);
            }
            throw e;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
