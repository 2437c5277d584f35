"""The state location of a Redshift load: `s3://own-bucket/prefix`, where the load writes
what its COPYs read (manifests, the file list, the JSONPaths). The source is only ever read:
it may be a bucket no one else can write. A dry run writes nothing: it prints what it would.
"""

from __future__ import annotations

from typing import Any, Protocol, TextIO

from sparkify.errors import SparkifyError
from sparkify.s3 import split_url

REGION_HEADER = "x-amz-bucket-region"


class StateStore(Protocol):
    url: str

    def write(self, key: str, body: bytes) -> str:
        """Put an object under the state location; its s3:// URL."""
        ...

    def write_data(self, key: str, body: bytes, summary: str) -> str:
        """Put a data object (a compacted part: gzip) under the state location; its URL.
        `summary`: what a dry run prints instead of its content."""
        ...


class S3State:
    """The state location in S3, written through boto3."""

    def __init__(self, url: str, client: Any) -> None:
        self.url = url
        self.bucket, self.prefix = split_url(url)
        self.client = client

    def url_of(self, key: str) -> str:
        return f"s3://{self.bucket}/{self.prefix}{key}"

    def write(self, key: str, body: bytes) -> str:
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=body)
        return self.url_of(key)

    def write_data(self, key: str, body: bytes, summary: str) -> str:
        return self.write(key, body)


class PrintedState(S3State):
    """--dry-run: each object it would write, printed into the plan as SQL comments (a header
    naming the URL and the line count, then each line), and written nowhere."""

    def __init__(self, url: str, out: TextIO) -> None:
        super().__init__(url, client=None)
        self.out = out

    def write(self, key: str, body: bytes) -> str:
        url = self.url_of(key)
        lines = body.decode().splitlines()
        self.out.write(f"-- would write {url} ({len(lines)} lines):\n")
        self.out.writelines(f"-- {line}\n" for line in lines)
        return url

    def write_data(self, key: str, body: bytes, summary: str) -> str:
        url = self.url_of(key)
        self.out.write(f"-- would write {url} ({summary})\n")
        return url


def bucket_region(client: Any, bucket: str) -> str:
    """The region a bucket lives in (COPY's REGION), not the client's configured one. From
    HeadBucket's region header, which S3 sends whether or not the caller may access the
    bucket (GetBucketLocation is refused across accounts: a public source is someone else's)."""
    from botocore.exceptions import ClientError

    try:
        response = client.head_bucket(Bucket=bucket)
    except ClientError as error:
        response = error.response
    region = response.get("ResponseMetadata", {}).get("HTTPHeaders", {}).get(REGION_HEADER)
    if not region:
        raise SparkifyError(
            f"cannot tell the region of bucket {bucket!r}: S3 sent no "
            f"{REGION_HEADER} (does it exist?)"
        )
    return str(region)


def check_state(source_url: str, state_url: str | None, client: Any) -> str:
    """The state location, checked against the source: required, in S3, outside the source,
    in the same region (a COPY's manifest and data files are read in its one REGION). The
    region, for COPY."""
    if not (state_url or "").startswith("s3://"):
        raise SparkifyError(
            "a Redshift load writes its COPY manifests to a state location: "
            "give --state s3://own-bucket/prefix (or state in the profile)"
        )
    source_bucket, source_prefix = split_url(source_url)
    state_bucket, state_prefix = split_url(str(state_url))
    if state_bucket == source_bucket and state_prefix.startswith(source_prefix):
        raise SparkifyError(
            f"the state location {state_url} is inside the source {source_url}: "
            "the source is only read; give a prefix of its own"
        )
    region = bucket_region(client, source_bucket)
    state_region = bucket_region(client, state_bucket)
    if state_region != region:
        raise SparkifyError(
            f"the state location {state_url} is in {state_region}, the source in {region}: "
            "COPY reads a manifest and its files in one region"
        )
    return region
