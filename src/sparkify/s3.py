"""Source files in S3: the same layout under `s3://bucket/prefix`, listed page by page and
streamed, never downloaded whole. A file is fingerprinted by its ETag (with key and size)."""

from __future__ import annotations

from typing import Any

from sparkify.errors import SourceError
from sparkify.sources import TREES, OpenedFile, SourceFile, UnreadableFile, is_source_key


def split_url(url: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix` -> ("bucket", "some/prefix/")."""
    bucket, _, prefix = url.removeprefix("s3://").partition("/")
    if not bucket:
        raise SourceError(f"not an S3 URL: {url!r} (s3://bucket/prefix)")
    prefix = prefix.strip("/")
    return bucket, f"{prefix}/" if prefix else ""


class S3Source:
    """A source root in S3, read through boto3 (default credential chain, AWS_ENDPOINT_URL)."""

    def __init__(self, url: str, client: Any | None = None) -> None:
        self.url = url
        self.bucket, self.prefix = split_url(url)
        if client is None:
            import boto3

            client = boto3.client("s3")
        self.client = client

    def __str__(self) -> str:
        return self.url

    def list_files(self) -> list[SourceFile]:
        """Every source object under the prefix, however many pages the listing takes."""
        from botocore.exceptions import BotoCoreError, ClientError

        files = []
        paginator = self.client.get_paginator("list_objects_v2")
        try:
            for tree, kind in TREES.items():
                pages = paginator.paginate(Bucket=self.bucket, Prefix=f"{self.prefix}{tree}/")
                for page in pages:
                    for item in page.get("Contents", []):
                        key = item["Key"][len(self.prefix) :]
                        if is_source_key(key):
                            files.append(SourceFile(key, kind, item["Size"], _etag(item)))
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "error")
            raise SourceError(f"cannot list {self.url}: {code}") from error
        except BotoCoreError as error:
            raise SourceError(f"cannot list {self.url}: {error}") from error
        if not files:
            raise SourceError(f"no source files under {self.url} (song_data/, log_data/)")
        return sorted(files, key=lambda f: f.key)

    def url_of(self, key: str) -> str:
        """The s3:// URL of a key relative to the source root."""
        return f"s3://{self.bucket}/{self.prefix}{key}"

    def fingerprinted(self, files: list[SourceFile]) -> list[SourceFile]:
        """S3 files carry their ETag from the listing already."""
        return files

    def open(self, key: str) -> OpenedFile:
        """A streaming body; the ETag recorded is the one of the version actually read."""
        from botocore.exceptions import ClientError

        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise UnreadableFile("file vanished before it could be read") from None
            raise
        return OpenedFile(response["Body"], _etag(response))


def _etag(item: dict[str, Any]) -> str:
    return str(item["ETag"]).strip('"')
