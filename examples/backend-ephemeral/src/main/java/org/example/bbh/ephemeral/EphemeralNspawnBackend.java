package org.example.bbh.ephemeral;

import bbh.api.stage.HostLayout;
import bbh.api.stage.MachineBackend;
import bbh.api.stage.MachinePlan;
import bbh.api.stage.StageException;
import bbh.api.stage.TenantWork;
import bbh.api.tenant.TenantNames;
import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.GeneratedHeader;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitFileParser;
import bbh.tenant.unit.UnitSyntaxException;
import bbh.tenant.unit.UnitValue;
import bbh.tenant.unit.UnitValues;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * A machine backend written against bbh's API only: the tenant's machine is a container that runs on
 * a throw-away layer over its image, so nothing it writes survives a stop and every start begins
 * from the image as it is. Tenants choose it with {@code "backend": "ephemeral"}.
 *
 * <p>Images are looked up in {@code /var/lib/machines/}: {@code image.name} there (a directory, or a
 * raw image or DDI with {@code --image=}), or, without {@code image}, the machine's own name as
 * systemd-nspawn finds it. The tenant's {@code machine} block (CPUs, memory, drives, ...) is for VMs
 * and is ignored here.
 *
 * <p>How the layer is made depends on the image kind. A directory gets {@code --volatile=overlay}
 * (a tmpfs over the tree, nothing written to the image) and not {@code --ephemeral}: for a
 * directory nspawn's {@code --ephemeral} makes a btrfs snapshot, or off btrfs a full copy, next to
 * the tree, or inside it when the tree is a mount point; the first run in a booted systemd 252 with
 * the image bound read-only at {@code /var/lib/machines/debian-12} ended {@code Failed to lock
 * /var/lib/machines/debian-12/.#machine.<random>: Read-only file system}. Since nothing writes the
 * tree, several tenants may boot it at once: nspawn's image lock is off ({@code SYSTEMD_NSPAWN_LOCK=0}),
 * as bbh's nspawn backend does for shared images. A raw image or DDI gets {@code --ephemeral}: a
 * (reflinked where the file system can) copy of the file beside it, removed when the machine stops.
 */
@Component(service = MachineBackend.class, property = MachineBackend.NAME + "=" + EphemeralNspawnBackend.NAME)
public final class EphemeralNspawnBackend implements MachineBackend {

    /** The name tenants write in their metadata's {@code backend}. */
    public static final String NAME = "ephemeral";
    static final String NSPAWN = "/usr/bin/systemd-nspawn";

    @Override
    public Optional<String> unsupportedReason(TenantSpec spec, HostLayout host) {
        if (!Files.isExecutable(host.root().resolve(NSPAWN.substring(1)))) {
            return Optional.of("the ephemeral backend needs systemd-nspawn (package systemd-container): " + NSPAWN + " is missing");
        }
        return Optional.empty();
    }

    @Override
    public MachinePlan plan(TenantWork work) throws StageException {
        TenantSpec spec = work.spec();
        String source = spec.sourcePath() != null ? spec.sourcePath() : "tenants/" + spec.id() + "/metadata.json";
        TenantSpec.Image image = spec.image();
        // Without an image nspawn finds /var/lib/machines/<id>, a directory most often: the tree's rule.
        boolean directory = image == null || image.type() == null || image.type().equals("directory");
        List<String> argv = new ArrayList<>(List.of(NSPAWN, "--quiet", "--keep-unit", "--register=yes", "--boot",
                directory ? "--volatile=overlay" : "--ephemeral", "--notify-ready=yes", "--link-journal=no",
                "--machine=" + spec.id()));
        if (image != null) {
            argv.add((directory ? "--directory=" : "--image=") + "/var/lib/machines/" + image.name());
        }
        if (spec.network() != null) {
            argv.add("--network-bridge=" + TenantNames.bridgeName(spec.id()));
        } else {
            argv.add("--private-network");
        }
        UnitValue command;
        try {
            // bbh's escaper turns the vector into one ExecStart= value; never join arguments yourself.
            command = UnitValues.command(argv);
        } catch (IllegalArgumentException e) {
            throw new StageException(source + ": image.name: " + e.getMessage(), e);
        }
        UnitFile.Builder f = UnitFile.builder("60-machine.conf")
                .line(GeneratedHeader.of(source, work.commit()))
                .comment("Backend ephemeral (example): systemd-nspawn on a throw-away layer over the image.")
                .section("Service")
                .set("Type", UnitValues.word("notify"))
                .set("ExecStart", UnitValue.EMPTY)
                .set("ExecStart", command);
        if (directory) {
            // Only read, never written (see the class comment): tenants sharing it may boot at once.
            f.set("Environment", UnitValues.environment("SYSTEMD_NSPAWN_LOCK", "0"));
        }
        DEVICES.sections().get(0).lines().forEach(f::line);
        return new MachinePlan(f.build().text());
    }

    /** What systemd-nspawn@.service allows past the template's DevicePolicy=closed: constant text. */
    private static final UnitFile DEVICES;

    static {
        try {
            DEVICES = UnitFileParser.parse("devices", """
                    [Service]
                    DeviceAllow=/dev/net/tun rwm
                    DeviceAllow=/dev/loop-control rw
                    DeviceAllow=block-loop rw
                    DeviceAllow=block-blkext rw
                    DeviceAllow=/dev/mapper/control rw
                    DeviceAllow=block-device-mapper rw
                    """);
        } catch (UnitSyntaxException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
