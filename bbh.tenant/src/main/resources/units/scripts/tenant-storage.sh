# tenant-infra@.service, ExecStart= and ExecReload=: prepares /var/lib/tenants/$BBH_TENANT and
# enforces the tenant's storage quota (BBH_STORAGE_BYTES, from the tenant's drop-in) with an ext4
# image of exactly that size mounted there. Idempotent: a start, a reload and a start after a crash
# at any point all end in the same state. It runs in the host's mount namespace, since everyone must
# see the mount. The template holds this file, comments cut, quoted by bbh's command-line escaper.
set -eu
dir=/var/lib/tenants/$BBH_TENANT
img=$dir.img
want=${BBH_STORAGE_BYTES:-}
mkdir -p "$dir"
if [ ! -e "$img" ]; then
	if [ -z "$want" ]; then
		exit 0
	fi
	rm -f "$img.new"
	truncate -s "$want" "$img.new"
	mkfs.ext4 -q -F -m 0 -E lazy_itable_init=1,lazy_journal_init=1 "$img.new"
	mv "$img.new" "$img"
fi
have=$(stat -c %s "$img")
if [ -z "$want" ]; then
	echo "bbh: tenant $BBH_TENANT has no storage quota any more; $img stays in use at $have bytes" >&2
	want=$have
elif [ "$want" -lt "$have" ]; then
	echo "bbh: the storage quota of tenant $BBH_TENANT ($want bytes) is below the size of $img ($have bytes); bbh never shrinks a file system: raise the quota again, or shrink the image by hand (docs/units.md)" >&2
	exit 1
elif [ "$want" -gt "$have" ]; then
	truncate -s "$want" "$img"
fi
# ext4 grows to the image's size when it is smaller: after a raised quota, or a crash in between.
blocks=$(dumpe2fs -h "$img" 2>/dev/null | sed -n 's/^Block count: *//p')
block=$(dumpe2fs -h "$img" 2>/dev/null | sed -n 's/^Block size: *//p')
if mountpoint -q "$dir"; then
	if [ $((blocks * block)) -lt "$want" ]; then
		dev=$(findmnt -n -o SOURCE --mountpoint "$dir")
		losetup -c "$dev"
		resize2fs "$dev"
	fi
else
	if [ $((blocks * block)) -lt "$want" ]; then
		e2fsck -f -p "$img" || [ $? -le 1 ]
		resize2fs "$img"
	fi
	mount -o loop,nodev "$img" "$dir"
fi
