package bbh.sysext.stage;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The operator's configuration of extensions, PID {@value #PID}: what a tenant's extension may
 * target, and which operator-wide extensions the host merges. Tenants never declare host merges.
 */
@ObjectClassDefinition(name = "bbh extensions", description = "Extension images: targets and host merges")
public @interface SysextConfig {

    /** Configuration PID shared by the extension rule, the overlay stage and the host merges. */
    String PID = "bbh.sysext";

    @AttributeDefinition(description = "OS ids (os-release ID) a tenant extension's release file may name besides _any; "
            + "empty: only ID=_any, as bbh cannot look into a machine's image")
    String[] machineOsIds() default {};

    @AttributeDefinition(description = "systemd's name of the CPU architecture images must fit (ARCHITECTURE=); "
            + "empty: this host's")
    String architecture() default "";

    @AttributeDefinition(description = "Operator-wide system extensions (extensions/<name>/ at the repository's top) "
            + "merged on the host with systemd-sysext")
    String[] hostSysext() default {};

    @AttributeDefinition(description = "Operator-wide configuration extensions merged on the host with systemd-confext "
            + "(systemd 254 and later)")
    String[] hostConfext() default {};

    @AttributeDefinition(description = "Host root prefix; empty: bbh.source's root (else /)")
    String root() default "";

    @AttributeDefinition(description = "bbh's state folder; empty: bbh.source's state, else <root>/var/lib/bbh")
    String state() default "";

    @AttributeDefinition(description = "The mksquashfs program")
    String mksquashfs() default "mksquashfs";
}
