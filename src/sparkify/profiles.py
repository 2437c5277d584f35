"""Named run profiles from `sparkify.yaml`: a file a team commits, holding no secret.

It replaces the classic `dwh.cfg`: `sparkify run --profile prod` takes the source and the
warehouse from the `prod` profile; options given on the command line still win. Passwords
come from PGPASSWORD or a Prefect Secret block, AWS keys from the AWS credential chain.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from sparkify.errors import SparkifyError
from sparkify.warehouse import split_password

CONFIG_ENV = "SPARKIFY_CONFIG"


@dataclass(frozen=True)
class Profile:
    name: str
    source: str | None = None
    warehouse: str | None = None
    region: str | None = None  # AWS region of the S3 source
    aws_credentials: str | None = None  # name of a prefect-aws AwsCredentials block
    iam_role: str | None = None  # the role Redshift's COPY assumes to read the source
    state: str | None = None  # Redshift: s3://own-bucket/prefix for what a load writes
    compact_songs: bool | None = None  # Redshift: compact new song files into parts first
    cluster: dict[str, Any] | None = None  # `sparkify cluster up` settings (see ClusterSpec)


def config_path() -> Path:
    """`$SPARKIFY_CONFIG`, else `sparkify.yaml` in the working directory."""
    return Path(os.environ.get(CONFIG_ENV) or "sparkify.yaml")


def load_profile(name: str) -> Profile:
    path = config_path()
    try:
        profiles = (yaml.safe_load(path.read_text()) or {}).get("profiles") or {}
    except FileNotFoundError:
        raise SparkifyError(f"no profile file {path} (set {CONFIG_ENV})") from None
    if name not in profiles:
        raise SparkifyError(f"no profile {name!r} in {path}; there are: {', '.join(profiles)}")
    values = profiles[name] or {}
    known = {f.name for f in fields(Profile)} - {"name"}
    unknown = set(values) - known
    if unknown:
        raise SparkifyError(
            f"profile {name!r}: unknown keys {sorted(unknown)} (known: "
            f"{sorted(known)}); secrets never go in {path}"
        )
    profile = Profile(name=name, **values)
    if profile.warehouse and split_password(profile.warehouse)[1] is not None:
        raise SparkifyError(
            f"profile {name!r}: the warehouse URL carries a password; "
            "use PGPASSWORD or a Prefect Secret block"
        )
    return profile


RUN_OPTIONS = ("source", "warehouse", "aws_credentials", "iam_role", "state", "compact_songs")


def apply_profile(name: str, options: dict[str, Any]) -> dict[str, Any]:
    """`options` with the run options left out (None) taken from profile `name`; the profile's
    region becomes AWS_DEFAULT_REGION unless one is set. Given options win."""
    profile = load_profile(name)
    if profile.region:
        os.environ.setdefault("AWS_DEFAULT_REGION", profile.region)
    return {
        key: value if value is not None or key not in RUN_OPTIONS else getattr(profile, key)
        for key, value in options.items()
    }


def update_profile(name: str, **values: str) -> None:
    """Set keys of one profile in the file, keeping its leading comment lines."""
    path = config_path()
    text = path.read_text() if path.exists() else ""
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    document = yaml.safe_load(text) or {}
    profiles = document.setdefault("profiles", {}) or {}
    document["profiles"] = profiles
    profiles[name] = {**(profiles.get(name) or {}), **values}
    body = yaml.safe_dump(document, sort_keys=False, default_flow_style=False)
    path.write_text("\n".join([*header, body]) if header else body)
