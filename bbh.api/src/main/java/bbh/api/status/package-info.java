/**
 * What the platform knows about each tenant: the state of every stage for the latest commit, and
 * the recent pipeline events.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package bbh.api.status;
