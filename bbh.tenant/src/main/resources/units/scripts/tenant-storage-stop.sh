# tenant-infra@.service, ExecStop=: unmounts the tenant's storage image, if it is mounted (the loop
# device goes with it). Fails, and so keeps the unit from stopping quietly, when the mount is busy.
dir=/var/lib/tenants/$BBH_TENANT
if mountpoint -q "$dir"; then
	exec umount "$dir"
fi
