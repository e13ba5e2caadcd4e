package bbh.tenant.units;

import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.GeneratedHeader;
import bbh.tenant.unit.RenderedTree;
import bbh.tenant.unit.UnitFile;
import bbh.tenant.unit.UnitLine;
import bbh.tenant.unit.UnitValue;
import bbh.tenant.unit.UnitValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders one tenant's files for the generator's output folder (a runtime-level unit folder):
 * <pre>
 * tenant-&lt;i&gt;.slice                                  limits from resources
 * tenant@&lt;i&gt;.service.d/50-bbh.conf                   description, dependencies on other tenants
 * tenant-infra@&lt;i&gt;.service.d/50-bbh.conf             storage quota, for a tenant with one
 * tenant-network@&lt;i&gt;.service.d/50-bbh.conf           the link to wait for
 * tenant-vm@&lt;i&gt;.service.d/50-bbh.conf                backend and image
 * multi-user.target.wants/tenant@&lt;i&gt;.service         -&gt; /usr/lib/systemd/system/tenant@.service, enabled tenants only
 * </pre>
 * where {@code <i>} is the systemd-escaped id ({@link TenantUnitNames}). Never a copy of a
 * template: those are installed once ({@link Templates}). Every file starts with a header naming the
 * tenant's metadata file and the commit; the same spec and commit give byte-identical files.
 */
public final class TenantUnits {
    private TenantUnits() {}

    /**
     * The tenant's files at {@code commit}.
     *
     * @throws UnitRenderException when a field cannot be written into a unit file (validation lets
     *     no such value through; this is the last line of defence), naming the file and field
     */
    public static RenderedTree render(TenantSpec spec, String commit) throws UnitRenderException {
        Objects.requireNonNull(commit, "commit");
        TenantUnitNames.instance(spec.id()); // refuses an invalid id before anything else
        UnitLine.Comment header = GeneratedHeader.of(SpecFields.source(spec), commit);
        RenderedTree tree = new RenderedTree();
        List<UnitFile> files = new ArrayList<>(List.of(TenantSlice.of(spec, header), TenantDropIns.tenant(spec, header),
                TenantDropIns.network(spec, header), TenantDropIns.vm(spec, header)));
        UnitFile quota = TenantDropIns.infra(spec, header);
        if (quota != null) {
            files.add(quota);
        }
        for (UnitFile f : files) {
            tree.file(f.name(), f.text());
        }
        if (spec.enabled()) {
            tree.symlink("multi-user.target.wants/" + TenantUnitNames.tenant(spec.id()),
                    TenantUnitNames.TEMPLATE_FOLDER + "/" + TenantUnitNames.TENANT_TEMPLATE);
        }
        return tree;
    }

    /**
     * {@code bbh tenant <id>}, with the tenant's description in parentheses when it has one: free
     * text never ends the value, so not even a final backslash in it could join the next line.
     */
    static UnitValue description(TenantSpec spec) throws UnitRenderException {
        String d = spec.description().strip();
        String text = d.isEmpty() ? "bbh tenant " + spec.id() : "bbh tenant " + spec.id() + " (" + d + ")";
        return SpecFields.value(spec, "description", () -> UnitValues.text(text));
    }
}
