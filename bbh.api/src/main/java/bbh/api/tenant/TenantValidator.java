package bbh.api.tenant;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Validates a whole tenant repository without sending anything down the pipeline: what
 * {@code bin/bbh validate} and the console's {@code bbh:validate} use.
 */
@ProviderType
public interface TenantValidator {

    /**
     * Validates every tenant at {@code location}: a plain folder (its files as they are, committed or
     * not), or the URL of a git repository (its default branch's head, cloned into a temporary
     * folder).
     *
     * @throws IOException when the location cannot be read at all: missing, empty, unreachable
     */
    ValidationReport validate(String location) throws IOException;
}
