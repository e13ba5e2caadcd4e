/**
 * The tenant pipeline: its stages, EventAdmin topics and their payload.
 *
 * <p>Each commit of the tenant repository travels, per tenant, through
 * repo-changed, validated, units-written, network-up, overlay-mounted and vm-started. Every
 * transition is an EventAdmin event on a topic of {@link bbh.api.pipeline.PipelineTopics}; its
 * payload keys are documented in {@link bbh.api.pipeline.PipelineEventKeys}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package bbh.api.pipeline;
