package bbh.api.tenant;

import java.util.List;
import java.util.Objects;

/**
 * One tenant as declared in {@code tenants/<id>/metadata.json} (and its {@code systemd/} folder),
 * after validation. Field by field reference: docs/tenant-format.md.
 *
 * @param schemaVersion the metadata format's version; 1 for now
 * @param id the tenant's id: equal to its folder name, a DNS label ({@link TenantNames#isValidId})
 * @param description free text for operators, never null (empty when not given)
 * @param enabled false keeps the tenant declared but not running
 * @param backend the machine backend's name, e.g. {@code nspawn} or {@code vmspawn}
 * @param image the machine's root image
 * @param resources limits for the tenant's slice, never null (all fields null, io empty, when not
 *     given)
 * @param network the tenant's network, null when it has none
 * @param extensions extension images for the tenant's machine, in declared order
 * @param dependsOn ids of tenants that must be running before this one
 * @param sourcePath the metadata file's path inside the repository
 * @param units the unit files of {@code tenants/<id>/systemd/} for the tenant's own machine, sorted
 *     by name; never null (empty when the folder is absent). Since 1.1.
 * @param machine the machine's settings a tenant repository may make, never null
 *     ({@link Machine#NONE} when not given). Since 1.3.
 */
public record TenantSpec(
        int schemaVersion,
        String id,
        String description,
        boolean enabled,
        String backend,
        Image image,
        Resources resources,
        Network network,
        List<Extension> extensions,
        List<String> dependsOn,
        String sourcePath,
        List<TenantUnitFile> units,
        Machine machine) {

    public TenantSpec {
        Objects.requireNonNull(id, "id");
        description = description == null ? "" : description;
        resources = resources == null ? Resources.NONE : resources;
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        units = units == null ? List.of() : List.copyOf(units);
        machine = machine == null ? Machine.NONE : machine;
    }

    /** A tenant without machine settings: the form of version 1.2, kept for its callers. */
    public TenantSpec(int schemaVersion, String id, String description, boolean enabled, String backend, Image image,
            Resources resources, Network network, List<Extension> extensions, List<String> dependsOn,
            String sourcePath, List<TenantUnitFile> units) {
        this(schemaVersion, id, description, enabled, backend, image, resources, network, extensions, dependsOn,
                sourcePath, units, Machine.NONE);
    }

    /** A tenant without unit files of its own: the form of version 1.0, kept for its callers. */
    public TenantSpec(int schemaVersion, String id, String description, boolean enabled, String backend, Image image,
            Resources resources, Network network, List<Extension> extensions, List<String> dependsOn,
            String sourcePath) {
        this(schemaVersion, id, description, enabled, backend, image, resources, network, extensions, dependsOn,
                sourcePath, List.of(), Machine.NONE);
    }

    /**
     * The machine's root image.
     *
     * @param type {@code directory}, {@code raw} or {@code ddi}
     * @param name the image's name under the tenant's or the host's machine folder
     */
    public record Image(String type, String name) {}

    /**
     * Limits for {@code tenant-<id>.slice}, in systemd's own notation (systemd.resource-control(5)).
     * A null field sets no limit.
     *
     * @param cpuWeight CPUWeight=, 1..10000
     * @param cpuQuota CPUQuota=, a percentage such as {@code 200%}
     * @param memoryMax MemoryMax=, bytes with an optional K, M, G or T suffix (base 1024)
     * @param memoryHigh MemoryHigh=, as memoryMax
     * @param ioWeight IOWeight=, 1..10000
     * @param tasksMax TasksMax=, a count
     * @param storageQuota the size the tenant's state may take, as memoryMax
     * @param io IO bandwidth limits per device, in declared order, devices unique; never null (empty
     *     when not given). Since 1.2.
     */
    public record Resources(
            Integer cpuWeight,
            String cpuQuota,
            String memoryMax,
            String memoryHigh,
            Integer ioWeight,
            Integer tasksMax,
            String storageQuota,
            List<IoLimit> io) {
        /** No limits at all. */
        public static final Resources NONE = new Resources(null, null, null, null, null, null, null);

        public Resources {
            io = io == null ? List.of() : List.copyOf(io);
        }

        /** Limits without IO bandwidth limits: the form of version 1.1, kept for its callers. */
        public Resources(Integer cpuWeight, String cpuQuota, String memoryMax, String memoryHigh, Integer ioWeight,
                Integer tasksMax, String storageQuota) {
            this(cpuWeight, cpuQuota, memoryMax, memoryHigh, ioWeight, tasksMax, storageQuota, List.of());
        }
    }

    /**
     * An IO bandwidth limit of the tenant's slice on one block device: systemd.resource-control(5)
     * {@code IOReadBandwidthMax=} and {@code IOWriteBandwidthMax=}. Since 1.2.
     *
     * <p>systemd accepts a block device node, or any path whose file system's backing device is
     * meant; bbh accepts only the former: an absolute, normalized path under {@code /dev/}
     * (e.g. {@code /dev/nvme0n1} or the stable {@code /dev/disk/by-id/...}), so that what is limited
     * does not change with what is mounted where. systemd applies a limit only when the path names a
     * block device on the host; otherwise it logs that and the slice runs without that limit.
     *
     * @param device the block device's path, {@code /dev/...}
     * @param readBandwidth IOReadBandwidthMax=, bytes per second with an optional K, M, G or T suffix
     *     (base 1000, as systemd reads bandwidths); null sets no read limit
     * @param writeBandwidth IOWriteBandwidthMax=, as readBandwidth; null sets no write limit. At
     *     least one of the two is given.
     */
    public record IoLimit(String device, String readBandwidth, String writeBandwidth) {}

    /**
     * The tenant's network: a bridge of its own on the host ({@link TenantNames#bridgeName}), with the
     * gateway addresses, a DHCP server for the tenant's machines, DNS settings and, optionally, a VLAN
     * on an operator's uplink, a VXLAN overlay, a WireGuard tunnel and traffic shaping. Field by field
     * reference: docs/tenant-format.md; what is made of it: docs/network.md.
     *
     * @param subnet the IPv4 or IPv6 subnet in CIDR notation, e.g. {@code 10.101.0.0/24}
     * @param vlan the 802.1Q VLAN id 1..4094, null for none
     * @param dns DNS servers for the tenant's link, in order
     * @param gateway the bridge's own address in {@code subnet}, null for the subnet's first host
     *     address. Since 1.4.
     * @param subnet6 a second subnet, IPv6, when {@code subnet} is IPv4; null for none. Since 1.4.
     * @param gateway6 the bridge's address in {@code subnet6}, null for its first host address. Since 1.4.
     * @param dhcp the DHCP server on the bridge, null for the default (on for an IPv4 subnet). Since 1.4.
     * @param domains search domains for the tenant's link, in order; never null. Since 1.4.
     * @param mtu the bridge's MTU in bytes, null for the kernel's default. Since 1.4.
     * @param uplink the operator's uplink carrying {@code vlan} and a multicast VXLAN, null for the
     *     operator's default uplink. Since 1.4.
     * @param vxlan the VXLAN overlay of a tenant that spans hosts, null for none. Since 1.4.
     * @param wireguard a WireGuard tunnel attached to the tenant's network, null for none. Since 1.4.
     * @param shaping egress shaping of the bridge, null for none. Since 1.4.
     */
    public record Network(
            String subnet,
            Integer vlan,
            List<String> dns,
            String gateway,
            String subnet6,
            String gateway6,
            Dhcp dhcp,
            List<String> domains,
            Integer mtu,
            String uplink,
            Vxlan vxlan,
            WireGuard wireguard,
            Shaping shaping) {
        public Network {
            dns = dns == null ? List.of() : List.copyOf(dns);
            domains = domains == null ? List.of() : List.copyOf(domains);
        }

        /** A network of version 1.3: subnet, VLAN and DNS servers only. */
        public Network(String subnet, Integer vlan, List<String> dns) {
            this(subnet, vlan, dns, null, null, null, null, List.of(), null, null, null, null, null);
        }
    }

    /**
     * The DHCP server on the tenant's bridge (systemd.network(5) {@code [DHCPServer]}). Since 1.4.
     *
     * @param enabled whether the bridge serves DHCP
     * @param poolOffset the pool's first address as an offset into the subnet, null for networkd's default
     * @param poolSize the pool's size, null for networkd's default (the rest of the subnet)
     * @param leaseSeconds the default lease time in seconds, null for networkd's default (1 h)
     */
    public record Dhcp(boolean enabled, Integer poolOffset, Integer poolSize, Integer leaseSeconds) {}

    /**
     * A VXLAN overlay (systemd.netdev(5) {@code [VXLAN]}): a device {@code vx-<id>} attached to the
     * tenant's bridge. Exactly one of {@code remote} and {@code group} is given. Since 1.4.
     *
     * @param vni the VXLAN network identifier, 1..16777215, unique among tenants
     * @param remote the unicast address of the other end, or null
     * @param group the multicast group of all ends, or null; joined through the tenant's uplink
     * @param local the local address packets are sent from, null for the kernel's choice
     * @param port the UDP destination port, null for the IANA port 4789
     */
    public record Vxlan(int vni, String remote, String group, String local, Integer port) {}

    /**
     * A WireGuard tunnel (systemd.netdev(5) {@code [WireGuard]}): a device {@code wg-<id>} routed to
     * the tenant's bridge. The private key never comes from the repository: the metadata names a
     * file on the host. Since 1.4.
     *
     * @param privateKeyFile the key file's name in the host's {@code /etc/bbh/credentials/<id>/}
     * @param listenPort the UDP port, null for a random one
     * @param address the tunnel's own address in CIDR notation, null for none
     * @param peers the peers, in order
     */
    public record WireGuard(String privateKeyFile, Integer listenPort, String address, List<WireGuardPeer> peers) {
        public WireGuard {
            peers = peers == null ? List.of() : List.copyOf(peers);
        }
    }

    /**
     * One WireGuard peer. Since 1.4.
     *
     * @param publicKey the peer's public key, base64 (44 characters)
     * @param allowedIps the subnets routed to the peer, CIDR notation, in order
     * @param endpoint {@code address:port} or {@code [ipv6]:port}, null for a peer that calls in
     * @param persistentKeepalive seconds between keepalives, null for none
     */
    public record WireGuardPeer(String publicKey, List<String> allowedIps, String endpoint, Integer persistentKeepalive) {
        public WireGuardPeer {
            allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
        }
    }

    /**
     * Egress shaping of the tenant's bridge, a token bucket (systemd.network(5)
     * {@code [TokenBucketFilter]}): what the bridge sends towards the tenant's machines. Since 1.4.
     *
     * @param rate the rate in bits per second with an optional K, M or G suffix (base 1000)
     * @param burst the bucket's size in bytes with an optional K, M or G suffix (base 1024), null for 64K
     * @param latencyMs the longest a packet may wait in the bucket, null for 50 ms
     */
    public record Shaping(String rate, String burst, Integer latencyMs) {}

    /**
     * An extension image for the tenant's machine.
     *
     * @param name the extension's folder name under {@code tenants/<id>/extensions/}
     * @param type {@code sysext} or {@code confext}
     */
    public record Extension(String name, String type) {}

    /**
     * The machine's settings that a tenant repository may make: the unprivileged subset, in the
     * spirit of systemd.nspawn(5)'s trust split. Privileged settings (capabilities, binds outside the
     * tenant's state, user namespacing off, firmware files) come only from the operator's
     * configuration. A backend ignores what does not apply to it and says so in its docs. Since 1.3.
     *
     * @param cpus virtual CPUs of a VM (vmspawn {@code --cpus=}); null for the backend's default
     * @param memory memory of a VM (vmspawn {@code --ram=}), bytes with an optional K, M, G or T
     *     suffix (base 1024); null for the backend's default
     * @param tpm whether a VM gets a software TPM (vmspawn {@code --tpm=}); null for the default
     * @param secureBoot whether a VM's UEFI firmware enforces Secure Boot (vmspawn
     *     {@code --secure-boot=}); null for the default
     * @param drives extra disk images, in order, each a file in the tenant's state folder
     *     {@code /var/lib/tenants/<id>/drives/}
     * @param binds folders of the tenant's state folder made visible in the machine, in order
     * @param credentials credentials passed to the machine (systemd.exec(5) credentials), each read on
     *     the host from the tenant's credential folder, never from the repository
     */
    public record Machine(
            Integer cpus,
            String memory,
            Boolean tpm,
            Boolean secureBoot,
            List<Drive> drives,
            List<Bind> binds,
            List<Credential> credentials) {
        /** No settings: every backend's defaults. */
        public static final Machine NONE = new Machine(null, null, null, null, List.of(), List.of(), List.of());

        public Machine {
            drives = drives == null ? List.of() : List.copyOf(drives);
            binds = binds == null ? List.of() : List.copyOf(binds);
            credentials = credentials == null ? List.of() : List.copyOf(credentials);
        }
    }

    /**
     * An extra disk image of a machine.
     *
     * @param file the image's file name in {@code /var/lib/tenants/<id>/drives/}
     * @param format {@code raw} or {@code qcow2}
     */
    public record Drive(String file, String format) {}

    /**
     * A folder of the tenant's state made visible inside its machine.
     *
     * @param source a relative path under {@code /var/lib/tenants/<id>/}, without {@code ..}
     * @param target an absolute path inside the machine
     * @param readOnly whether the machine may only read it
     */
    public record Bind(String source, String target, boolean readOnly) {}

    /**
     * A credential for the machine's own systemd (its {@code LoadCredential=}/{@code ImportCredential=}).
     *
     * @param name the credential's name as the machine sees it
     * @param file the file holding its value, in the host's {@code /etc/bbh/credentials/<id>/}; the
     *     repository only names it
     */
    public record Credential(String name, String file) {}
}
