package bbh.network;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The operator's configuration of the network stage, PID {@value NetworkUpStage#PID}. */
@ObjectClassDefinition(name = "bbh network", description = "The network-up stage and the operator's side of tenant networks")
@interface NetworkConfig {

    @AttributeDefinition(description = "networkd's runtime folder bbh writes into; blank for <root>/run/systemd/network")
    String folder() default "";

    @AttributeDefinition(description = "Uplinks tenants' VLANs may ride on: NAME, or NAME=MAC to pin the name to a device with a .link file")
    String[] uplinks() default {};

    @AttributeDefinition(description = "The uplink of a VLAN whose tenant names none; blank for none (such a tenant is invalid)")
    String defaultUplink() default "";

    @AttributeDefinition(description = "Subnets no tenant may overlap (the host's own networks), CIDR notation")
    String[] reserved() default {};

    @AttributeDefinition(description = "Seconds to wait for a tenant's links to be configured after networkd reloaded")
    int linkTimeout() default 30;

    @AttributeDefinition(description = "Load the nftables rules that keep tenant bridges from forwarding to each other")
    boolean isolation() default true;

    @AttributeDefinition(description = "The journal folder networkd logs into, for failure reasons; blank for the local system's journal when the root is /")
    String journal() default "";
}
