package bbh.sysext.tree;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where an extension image will be merged, as far as its release file must match it
 * (systemd-sysext(8), "compatibility"): the OS ids allowed besides {@code _any}, the OS's
 * VERSION_ID when known, and the CPU architecture in systemd's names.
 *
 * <p>A tenant's machine runs an image bbh cannot look into at validation time, so for tenants the
 * ids come from the operator's configuration ({@code machineOsIds}), and with none configured only
 * {@code ID=_any} passes. For the host, the ids are the host's own os-release ID.
 *
 * @param osIds the ids a release file may name besides {@code _any}; may be empty
 * @param versionId the OS's VERSION_ID an image with a specific ID must name (unless it gives a
 *     SYSEXT_LEVEL/CONFEXT_LEVEL), null when not known: then presence is checked, not the value
 * @param architecture systemd's name of the CPU architecture ({@code x86-64}, {@code arm64}, ...)
 */
public record TargetSystem(List<String> osIds, String versionId, String architecture) {

    public TargetSystem {
        osIds = List.copyOf(osIds);
        Objects.requireNonNull(architecture, "architecture");
    }

    /**
     * systemd's name of the JVM's architecture (the {@code ARCHITECTURE=} values of
     * os-release(5)), or the JVM's own name when it has no mapping here.
     */
    public static String hostArchitecture() {
        String a = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64" -> "x86-64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "x86";
            case "ppc64le" -> "ppc64-le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> a;
        };
    }
}
