package bbh.itest;

import static org.junit.Assert.assertTrue;

import bbh.api.source.TenantRepository;
import bbh.api.status.PipelineStatus;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The console commands of scope {@code bbh}, run through a Gogo {@link CommandProcessor} session
 * (no terminal), against a plain folder holding {@code acme} and {@code globex} (valid) and
 * {@code initech} (invalid).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT {

    /** The functions the bbh scope must offer. */
    private static final Set<String> FUNCTIONS = new TreeSet<>(Set.of("tenants", "status", "sync", "validate", "events"));

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return BbhOptions.bbhRuntime();
    }

    /** The folder bbh.source follows; made once for the class (one framework for all its tests). */
    private static Path folder;

    @Before
    public void followFolderOnce() {
        if (folder != null) {
            return;
        }
        Path work = Scratch.folder("ShellIT");
        Path top = work.resolve("repo");
        TenantMetadata.write(top, "acme", TenantMetadata.ACME);
        TenantMetadata.write(top, "globex", TenantMetadata.GLOBEX);
        TenantMetadata.write(top, "initech", TenantMetadata.INITECH_BAD_MEMORY);
        SourceConfiguration.follow(Await.service(context, ConfigurationAdmin.class), top.toString(),
                work.resolve("host"));
        TenantRepository repository = Await.service(context, TenantRepository.class);
        Await.until(() -> repository.lastSync().isPresent() ? null : "the repository has not synced");
        PipelineStatus status = Await.service(context, PipelineStatus.class);
        Await.until(() -> status.tenant("initech").map(s -> s.settled()).orElse(false)
                ? null : "initech is not settled in PipelineStatus");
        folder = top;
    }

    @Test
    public void scopeBbhOffersEveryFunction() {
        Await.until(() -> {
            Set<String> missing = new TreeSet<>(FUNCTIONS);
            missing.removeAll(registeredFunctions());
            return missing.isEmpty() ? null : "no command bbh:" + String.join(", bbh:", missing);
        });
    }

    @Test
    public void tenantsNamesTheTenantsInForce() throws Exception {
        String out = run("bbh:tenants");
        assertTrue("bbh:tenants names acme: " + out, out.contains("acme"));
        assertTrue("bbh:tenants names globex: " + out, out.contains("globex"));
    }

    @Test
    public void statusNamesEveryTenant() throws Exception {
        String out = run("bbh:status");
        for (String id : new String[] {"acme", "globex", "initech"}) {
            assertTrue("bbh:status names " + id + ": " + out, out.contains(id));
        }
    }

    @Test
    public void validateReportsTheProblemsOfAFolder() throws Exception {
        String out = run("bbh:validate '" + folder + "'");
        String where = TenantMetadata.path("initech") + ":"
                + TenantMetadata.valuePosition(TenantMetadata.INITECH_BAD_MEMORY, "\"memoryMax\": ");
        assertTrue("bbh:validate names " + where + ": " + out, out.contains(where));
        assertTrue("bbh:validate names the field: " + out, out.contains("resources.memoryMax"));
    }

    @Test
    public void eventsShowsTheRecentPipelineEvents() throws Exception {
        String out = run("bbh:events");
        assertTrue("bbh:events shows acme's validation: " + out, out.contains("VALIDATED acme"));
        assertTrue("bbh:events shows initech's failure: " + out, out.contains("FAILED initech"));
    }

    /**
     * Runs one command line in a fresh session and returns what a console would show of its
     * value, followed by anything it printed (commands should return values, not print; both are
     * looked at so a test failure shows everything).
     */
    private String run(String commandLine) throws Exception {
        await(commandLine.substring("bbh:".length()).split(" ")[0]);
        CommandProcessor processor = Await.service(context, CommandProcessor.class);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CommandSession session = processor.createSession(InputStream.nullInputStream(), printed, printed);
        try {
            Object value = session.execute(commandLine);
            CharSequence shown = session.format(value, Converter.INSPECT);
            return shown + "\n" + printed;
        } finally {
            session.close();
        }
    }

    /** Waits until some service offers {@code bbh:<function>}. */
    private void await(String function) {
        Await.until(() -> registeredFunctions().contains(function) ? null : "no command bbh:" + function);
    }

    /** Every function of every command service of scope bbh. */
    private Set<String> registeredFunctions() {
        Set<String> functions = new TreeSet<>();
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(null, "(" + CommandProcessor.COMMAND_SCOPE + "=bbh)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs != null) {
            for (ServiceReference<?> r : refs) {
                Object f = r.getProperty(CommandProcessor.COMMAND_FUNCTION);
                if (f instanceof String[] names) {
                    functions.addAll(Set.of(names));
                } else if (f instanceof String name) {
                    functions.add(name);
                } else if (f instanceof java.util.Collection<?> names) {
                    names.forEach(n -> functions.add(String.valueOf(n)));
                }
            }
        }
        return functions;
    }
}
