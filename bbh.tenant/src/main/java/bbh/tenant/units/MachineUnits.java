package bbh.tenant.units;

import bbh.api.tenant.TenantSpec;
import bbh.api.tenant.TenantUnitFile;
import bbh.tenant.unit.GeneratedHeader;
import bbh.tenant.unit.InstallLinks;
import bbh.tenant.unit.RenderedTree;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitFileParser;
import bbh.tenant.unit.UnitLine;
import bbh.tenant.unit.UnitNames;
import bbh.tenant.unit.UnitSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders a tenant's own units ({@link TenantSpec#units()}, from {@code tenants/<id>/systemd/}) for
 * its machine's systemd, never the host's:
 * <pre>
 * hello.service, hello.timer, ...           each unit file, in canonical form
 * hello.service.d/10-limits.conf, ...       each drop-in, in canonical form
 * timers.target.wants/hello.timer           -&gt; ../hello.timer, from [Install] WantedBy= (InstallLinks)
 * </pre>
 * Each file is the tenant's file read by {@link UnitFileParser} and written again by the typed model,
 * with bbh's header naming the file in the repository and the commit first: the same spec and commit
 * give byte-identical files. The links are what {@code systemctl enable} would make inside the
 * machine, which cannot make them itself: the folder is read-only there (docs/units.md, "A tenant's
 * own units").
 */
public final class MachineUnits {
    private MachineUnits() {}

    /**
     * The tenant's own units at {@code commit}; empty when it ships none.
     *
     * @throws UnitRenderException when a file does not parse or names a unit a link cannot be made
     *     for (validation lets no such file through; this is the last line of defence), naming the file
     */
    public static RenderedTree render(TenantSpec spec, String commit) throws UnitRenderException {
        Objects.requireNonNull(commit, "commit");
        RenderedTree tree = new RenderedTree();
        for (TenantUnitFile f : spec.units()) {
            String source = "tenants/" + spec.id() + "/systemd/" + f.name();
            boolean unitFile = UnitNames.isValid(f.name());
            if (!unitFile && !isDropIn(f.name())) {
                throw new UnitRenderException(source + ": expected a unit file name or <unit>.d/<name>.conf", null);
            }
            try {
                UnitFile read = UnitFileParser.parse(source, f.text());
                List<UnitLine> preamble = new ArrayList<>();
                preamble.add(GeneratedHeader.of(source, commit));
                preamble.addAll(read.preamble());
                tree.file(f.name(), new UnitFile(f.name(), preamble, read.sections()).text());
                if (unitFile) {
                    for (String link : InstallLinks.of(f.name(), read)) {
                        tree.symlink(link, "../" + f.name());
                    }
                }
            } catch (UnitSyntaxException e) {
                throw new UnitRenderException(e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new UnitRenderException(source + ": " + e.getMessage(), e);
            }
        }
        return tree;
    }

    /** {@code <unit>.d/<name>.conf}: what validation lets through besides unit files. */
    private static boolean isDropIn(String name) {
        int slash = name.indexOf('/');
        return slash > 2 && name.lastIndexOf('/') == slash && name.startsWith(".d/", slash - 2)
                && UnitNames.isValid(name.substring(0, slash - 2)) && name.endsWith(".conf") && name.length() > slash + 6;
    }
}
