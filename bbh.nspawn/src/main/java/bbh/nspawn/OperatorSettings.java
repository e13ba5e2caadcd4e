package bbh.nspawn;

import java.util.List;

/**
 * What the operator allows one tenant's container beyond the unprivileged defaults: the privileged
 * half of the trust split (systemd.nspawn(5) trusts a {@code .nspawn} file in {@code /etc} with
 * everything; bbh writes that file, so it lets the tenant repository set only the unprivileged
 * subset, {@code TenantSpec.Machine}, and takes these from the operator's configuration).
 *
 * @param tenant the tenant's id
 * @param privateUsers {@code PrivateUsers=}: {@code pick} (default), {@code yes}, {@code no},
 *     {@code identity} or a UID base
 * @param capabilities {@code Capability=}: capabilities added to nspawn's default set
 * @param dropCapabilities {@code DropCapability=}: capabilities taken away
 * @param binds {@code Bind=} host folders, {@code HOST:GUEST}, anywhere on the host
 * @param bindsReadOnly {@code BindReadOnly=}, as binds
 * @param volatileMode {@code Volatile=}: empty for the rule (overlay on a shared image, none on the
 *     tenant's own), else {@code no}, {@code yes}, {@code state} or {@code overlay}
 */
public record OperatorSettings(String tenant, String privateUsers, List<String> capabilities,
        List<String> dropCapabilities, List<String> binds, List<String> bindsReadOnly, String volatileMode) {

    /** The defaults for a tenant the operator configured nothing for. */
    public static OperatorSettings defaults(String tenant) {
        return new OperatorSettings(tenant, "pick", List.of(), List.of(), List.of(), List.of(), "");
    }

    public OperatorSettings {
        privateUsers = privateUsers == null || privateUsers.isBlank() ? "pick" : privateUsers.strip();
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        dropCapabilities = dropCapabilities == null ? List.of() : List.copyOf(dropCapabilities);
        binds = binds == null ? List.of() : List.copyOf(binds);
        bindsReadOnly = bindsReadOnly == null ? List.of() : List.copyOf(bindsReadOnly);
        volatileMode = volatileMode == null ? "" : volatileMode.strip();
    }
}
