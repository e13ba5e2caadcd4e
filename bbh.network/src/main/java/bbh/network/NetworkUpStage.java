package bbh.network;

import bbh.api.stage.HostLayout;
import bbh.api.stage.NetworkStage;
import bbh.api.stage.StageException;
import bbh.api.stage.TenantWork;
import bbh.api.systemd.JobResult;
import bbh.api.systemd.NetworkLink;
import bbh.api.systemd.Networkd;
import bbh.api.systemd.SystemdException;
import bbh.api.systemd.SystemdManager;
import bbh.api.tenant.TenantSpec;
import bbh.tenant.unit.InstanceNames;
import bbh.tenant.unit.RenderedTree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network-up stage: renders the tenant's networkd files ({@link TenantNetworkRenderer}), switches
 * them into networkd's runtime folder as one set ({@link NetworkFolder}), and, when networkd is
 * reachable ({@link Networkd}), reloads it and waits, woken by networkd's signals and bounded by
 * {@code linkTimeout}, until every link of the tenant is configured; otherwise the tenant fails with
 * the links' states and what networkd logged about them. Without networkd (rendering into a folder)
 * the stage is done once the files are in place: nothing was brought up, and the docs say so.
 *
 * <p>Once per host root it installs the isolation rule set and its unit and, with a systemd to run
 * them, starts the unit ({@link HostFiles}); and writes the operator's uplinks' files
 * ({@link UplinkRenderer}). Every set it switches in is also kept as a snapshot under bbh's state
 * ({@link NetworkSnapshots}), from which {@code bbh-network-restore.service} brings the networks back
 * at boot, before networkd and without bbh. A tenant that leaves, or drops its network, loses its files, and its links
 * are deleted ({@code bbh-link-delete@.service}).
 */
@Component(service = NetworkStage.class, immediate = true, configurationPid = NetworkUpStage.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NetworkConfig.class)
public final class NetworkUpStage implements NetworkStage {

    /** Configuration PID, shared with {@link UplinkRule}. */
    public static final String PID = "bbh.network";
    /** The name of the pseudo-tenant under which the uplinks' files are listed: no tenant id has '_'. */
    static final String UPLINKS = "_uplinks";

    private static final Logger LOG = LoggerFactory.getLogger(NetworkUpStage.class);
    private static final Duration UNIT_TIMEOUT = Duration.ofSeconds(30);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Networkd networkd;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SystemdManager systemd;

    private volatile NetworkConfig config;
    private volatile OperatorNetwork operator = OperatorNetwork.NONE;
    /** Host roots whose fixed files and uplinks are in place, and whose isolation unit ran. */
    private final Set<Path> prepared = ConcurrentHashMap.newKeySet();

    @Activate
    void activate(NetworkConfig config) {
        this.config = config;
        this.operator = OperatorNetwork.parse(config.uplinks(), config.defaultUplink(), config.reserved());
    }

    @Override
    public void apply(TenantWork work) throws StageException {
        HostLayout host = work.host();
        TenantSpec spec = work.spec();
        String id = spec.id();
        Instant started = Instant.now();
        NetworkFolder folder = folder(host);
        SortedSet<String> before;
        boolean changed;
        try {
            prepare(host, folder, work.commit());
            String uplink = spec.network() != null && PortRenderer.usesUplink(spec.network())
                    ? operator.uplinkFor(spec.network().uplink()).orElse(null) : null;
            RenderedTree files = TenantNetworkRenderer.render(spec, work.commit(), uplink);
            new NetworkSnapshots(host).tenant(id, work.generation(), files);
            before = folder.listed(id);
            changed = folder.write(id, files);
        } catch (NetworkRenderException e) {
            throw new StageException(e.getMessage(), e);
        } catch (IOException e) {
            throw new StageException("writing the network files of tenant " + id + " into " + folder.folder() + " failed: " + e, e);
        }
        Networkd n = networkd;
        if (n == null) {
            return; // rendering into a folder: the files in place are the whole stage
        }
        List<String> links = TenantLinks.of(spec);
        try {
            if (changed) {
                folder.reload(n);
            }
            deleteLinksNoLongerDeclared(n, spec, before, links);
            if (links.isEmpty()) {
                return;
            }
            Duration timeout = Duration.ofSeconds(Math.max(1, config.linkTimeout()));
            Map<String, NetworkLink> found = n.awaitSettled(links, timeout);
            List<String> problems = LinkVerdict.problems(links, found, timeout);
            if (!problems.isEmpty()) {
                throw new StageException("the network of tenant " + id + " is not up: " + String.join("; ", problems)
                        + reasons(host, spec, links, started));
            }
        } catch (SystemdException e) {
            throw new StageException("networkd did not take the network of tenant " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void remove(String tenantId, HostLayout host) throws StageException {
        NetworkFolder folder = folder(host);
        SortedSet<String> before;
        boolean removed;
        try {
            new NetworkSnapshots(host).remove(tenantId);
            before = folder.listed(tenantId);
            removed = folder.remove(tenantId);
        } catch (IOException e) {
            throw new StageException("removing the network files of tenant " + tenantId + " failed: " + e, e);
        }
        Networkd n = networkd;
        if (n == null || !removed) {
            return;
        }
        try {
            folder.reload(n);
            deleteLinks(n, linksOfFiles(tenantId, before));
        } catch (SystemdException e) {
            throw new StageException("networkd did not let go of the network of tenant " + tenantId + ": " + e.getMessage(), e);
        }
    }

    /** networkd keeps a netdev whose file went: delete those of parts the tenant dropped. */
    private void deleteLinksNoLongerDeclared(Networkd n, TenantSpec spec, SortedSet<String> before, List<String> links)
            throws SystemdException, StageException {
        List<String> dropped = new ArrayList<>(linksOfFiles(spec.id(), before));
        dropped.removeAll(links);
        deleteLinks(n, dropped);
    }

    /** The links a tenant's listed files made, from their names ({@code 50-bbh-<id>-<part>.netdev}). */
    private static List<String> linksOfFiles(String id, SortedSet<String> files) {
        List<String> links = new ArrayList<>();
        Map<String, String> byPart = Map.of("bridge", TenantLinks.bridge(id), "vxlan", TenantLinks.vxlan(id),
                "vlan", TenantLinks.vlan(id), "wireguard", TenantLinks.wireguard(id));
        byPart.forEach((part, link) -> {
            if (files.contains(NetworkFiles.tenant(id, part, "netdev"))) {
                links.add(link);
            }
        });
        links.sort(null);
        return links;
    }

    private void deleteLinks(Networkd n, List<String> links) throws SystemdException, StageException {
        SystemdManager s = systemd;
        for (String link : links) {
            if (n.link(link).isEmpty()) {
                continue;
            }
            if (s == null) {
                throw new StageException("link " + link + " stays: deleting it needs systemd's manager, which is not reachable");
            }
            String unit = "bbh-link-delete@" + InstanceNames.escape(link) + ".service";
            JobResult r = s.start(unit, UNIT_TIMEOUT);
            if (!r.done()) {
                throw new StageException("deleting link " + link + " failed: " + unit + " ended with " + r.result());
            }
        }
    }

    /** Once per host root: fixed files, the isolation unit started, the uplinks' files. */
    private void prepare(HostLayout host, NetworkFolder folder, String commit) throws IOException, StageException {
        if (prepared.contains(host.root())) {
            return;
        }
        synchronized (prepared) {
            if (prepared.contains(host.root())) {
                return;
            }
            folder.recoverAll();
            boolean changed = HostFiles.install(host, config.isolation());
            SystemdManager s = systemd;
            if (s != null && changed) {
                try {
                    s.reload();
                } catch (SystemdException e) {
                    throw new StageException("systemd did not take bbh's network units: " + e.getMessage(), e);
                }
            }
            if (s != null && config.isolation()) {
                try {
                    JobResult r = changed ? s.restart(HostFiles.ISOLATION_UNIT, UNIT_TIMEOUT) : s.start(HostFiles.ISOLATION_UNIT, UNIT_TIMEOUT);
                    if (!r.done()) {
                        throw new StageException(HostFiles.ISOLATION_UNIT + " ended with " + r.result()
                                + ": tenant bridges are not kept apart (is nftables installed?)");
                    }
                } catch (SystemdException e) {
                    throw new StageException("loading the tenant isolation rules failed: " + e.getMessage(), e);
                }
            } else if (config.isolation()) {
                LOG.info("no systemd reachable: {} installed under {} but not started", HostFiles.ISOLATION_UNIT, host.root());
            }
            RenderedTree uplinks = UplinkRenderer.render(operator);
            new NetworkSnapshots(host).host(uplinks);
            if (folder.write(UPLINKS, uplinks) && networkd != null) {
                try {
                    folder.reload(networkd);
                } catch (SystemdException e) {
                    throw new StageException("networkd did not take the uplinks' files: " + e.getMessage(), e);
                }
            }
            prepared.add(host.root());
        }
    }

    private NetworkFolder folder(HostLayout host) {
        String configured = config.folder() == null ? "" : config.folder().strip();
        Path folder = configured.isEmpty() ? host.root().resolve("run/systemd/network") : Path.of(configured);
        return new NetworkFolder(folder, host.bbhState().resolve("network"), networkd != null);
    }

    /** What networkd logged about the tenant's links and files since the stage began, as a suffix. */
    private String reasons(HostLayout host, TenantSpec spec, List<String> links, Instant since) {
        String dir = config.journal() == null ? "" : config.journal().strip();
        if (dir.isEmpty() && !host.root().equals(Path.of("/"))) {
            return "";
        }
        Set<String> words = new HashSet<>(links);
        words.add("50-bbh-" + spec.id() + "-");
        if (PortRenderer.usesUplink(spec.network())) {
            operator.uplinkFor(spec.network().uplink()).ifPresent(u -> words.add(u + ":"));
        }
        List<String> lines = new NetworkdJournal(dir.isEmpty() ? null : Path.of(dir)).mentioning(words, since.minusSeconds(1));
        return lines.isEmpty() ? "" : "; networkd said: " + String.join(" | ", lines);
    }
}
