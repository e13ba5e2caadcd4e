# tenant-vm@.service, ExecStart= until a machine backend replaces it in a drop-in of its own: fails
# with a message that says so, rather than pretending the machine runs.
echo "bbh: no machine backend has set up tenant-vm@ for tenant $BBH_TENANT yet; expected a drop-in with ExecStart= from the '$BBH_BACKEND' backend (docs/units.md)" >&2
exit 1
