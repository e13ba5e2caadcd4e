package bbh.tenant.units;

import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The static template units, installed as they are in {@code <root>/usr/lib/systemd/system/}: the
 * same for every tenant and every commit; what differs per tenant is in the drop-ins
 * {@link TenantUnits} renders. They live in this bundle's {@code units/templates/}; their shell
 * helpers ({@code /bin/sh -c} lines) are the files of {@code units/scripts/}, quoted by
 * {@link bbh.tenant.unit.CommandLine} (a test holds the two together).
 */
public final class Templates {
    private Templates() {}

    /** The template files, by name. */
    public static final List<String> NAMES = List.of(TenantUnitNames.TENANT_TEMPLATE, TenantUnitNames.INFRA_TEMPLATE,
            TenantUnitNames.NETWORK_TEMPLATE, TenantUnitNames.VM_TEMPLATE);

    /** Every template, by file name, for {@code <root>/usr/lib/systemd/system/}. */
    public static RenderedTree all() {
        RenderedTree tree = new RenderedTree();
        for (String name : NAMES) {
            tree.file(name, text(name));
        }
        return tree;
    }

    /** One template's text. */
    public static String text(String name) {
        return resource("/units/templates/" + name);
    }

    static String resource(String path) {
        try (InputStream in = Templates.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the bundle: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " from the bundle", e);
        }
    }
}
