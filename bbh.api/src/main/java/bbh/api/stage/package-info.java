/**
 * Plug-in points of the pipeline: one service interface per stage after validation, and the
 * machine backends. Bundles implement them; the platform's pipeline driver calls them.
 *
 * <h2>Selecting a provider</h2>
 * Exactly one provider of each stage interface is used. The driver's reference to it is dynamic and
 * greedy and may be narrowed with a {@code <stage>.target} filter in the configuration of PID
 * {@code bbh.pipeline}; among the services that match, the one with the highest
 * {@code service.ranking} wins, then the one with the lowest {@code service.id} (the OSGi rule for
 * {@code getServiceReference}). When a provider leaves, the next one takes over for new work without
 * restarting the driver; when none is left the stage is absent and tenants stop before it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package bbh.api.stage;
