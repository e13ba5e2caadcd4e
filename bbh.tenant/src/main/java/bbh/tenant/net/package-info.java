/** IP address text shared by validation, the network stage and the D-Bus clients. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package bbh.tenant.net;
