"""AWS access for tasks: a prefect-aws AwsCredentials block when one is named, else boto3's
own credential chain (environment, profile, instance role)."""

from __future__ import annotations

from typing import Any, cast


def s3_client(aws_credentials: str | None) -> Any | None:
    """The S3 client of the named AwsCredentials block; None lets boto3 find credentials."""
    if not aws_credentials:
        return None
    from prefect_aws import AwsCredentials

    return cast(AwsCredentials, AwsCredentials.load(aws_credentials)).get_s3_client()
