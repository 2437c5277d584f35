"""What can be checked before a COPY: a failure there fails the whole COPY (every file of the
load), where the contract quarantines one file. A `.gz` file must start with gzip's magic
bytes, and must still be there; two bytes are read of each. A file rejected here is
quarantined with the reason and left out of the manifests. (A JSON object over 4 MB, or a
gzip corrupt past its header, still fails the COPY: see docs/redshift.md.)"""

from __future__ import annotations

from collections.abc import Sequence

from sparkify.s3 import S3Source
from sparkify.sources import SourceFile

GZIP_MAGIC = b"\x1f\x8b"


def rejected_files(source: S3Source, files: Sequence[SourceFile]) -> dict[str, str]:
    """The files COPY would fail on, by key, with the reason (the contract's words)."""
    from botocore.exceptions import ClientError

    rejected = {}
    for file in (f for f in files if f.key.endswith(".gz")):
        try:
            head = source.client.get_object(
                Bucket=source.bucket, Key=source.prefix + file.key, Range="bytes=0-1"
            )["Body"].read()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in ("NoSuchKey", "404"):
                raise
            rejected[file.key] = "file vanished before it could be read"
            continue
        if head != GZIP_MAGIC:
            rejected[file.key] = "file is not valid gzip (no gzip header)"
    return rejected
