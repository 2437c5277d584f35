"""The Redshift cluster as code: `sparkify cluster up|status|down` with boto3.

`up` creates an IAM role Redshift can assume with read-only S3 access, creates the cluster
(node type and count from the profile), waits until it is available, and writes its endpoint
and the role into the profile. `down` deletes both. The master password comes from
PGPASSWORD, the variable the loads read too; it is never written or printed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from sparkify.errors import SparkifyError
from sparkify.profiles import Profile, update_profile
from sparkify.redshift.driver import PASSWORD_ENV

S3_READ_ONLY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
TRUST_REDSHIFT = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "redshift.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


@dataclass(frozen=True)
class ClusterSpec:
    """The `cluster:` block of a profile, with defaults for what it leaves out."""

    identifier: str = "sparkify"
    node_type: str = "ra3.large"
    nodes: int = 2
    database: str = "sparkify"
    user: str = "sparkify"
    role: str = "sparkify-redshift-s3-read"
    wait_seconds: int = 15  # between status polls while the cluster comes up or goes

    @classmethod
    def of(cls, profile: Profile) -> ClusterSpec:
        values = dict(profile.cluster or {})
        known = set(cls.__dataclass_fields__)
        if unknown := set(values) - known:
            raise SparkifyError(f"profile {profile.name!r}: unknown cluster keys "
                                f"{sorted(unknown)} (known: {sorted(known)})")  # fmt: skip
        return cls(**values)


def _clients(profile: Profile) -> tuple[Any, Any]:
    import boto3

    return boto3.client("iam"), boto3.client("redshift", region_name=profile.region)


def up(profile: Profile) -> dict[str, str]:
    """Create (or find) the role and the cluster, wait for it, record it in the profile."""
    spec = ClusterSpec.of(profile)
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        raise SparkifyError(f"set {PASSWORD_ENV} to the cluster's master password "
                            "(it is never written to sparkify.yaml)")  # fmt: skip
    iam, redshift = _clients(profile)
    role_arn = _ensure_role(iam, spec.role)
    if _describe(redshift, spec.identifier) is None:
        size = {"ClusterType": "single-node"} if spec.nodes == 1 else {
            "ClusterType": "multi-node", "NumberOfNodes": spec.nodes}  # fmt: skip
        redshift.create_cluster(
            ClusterIdentifier=spec.identifier,
            NodeType=spec.node_type,
            DBName=spec.database,
            MasterUsername=spec.user,
            MasterUserPassword=password,
            IamRoles=[role_arn],
            Encrypted=True,
            PubliclyAccessible=False,
            **size,
        )
    redshift.get_waiter("cluster_available").wait(
        ClusterIdentifier=spec.identifier,
        WaiterConfig={"Delay": spec.wait_seconds, "MaxAttempts": 120},
    )
    cluster = _describe(redshift, spec.identifier) or {}
    endpoint = cluster["Endpoint"]
    warehouse = (f"redshift://{spec.user}@{endpoint['Address']}:{endpoint['Port']}/"
                 f"{spec.database}")  # fmt: skip
    update_profile(profile.name, warehouse=warehouse, iam_role=role_arn)
    return {"cluster": spec.identifier, "status": cluster["ClusterStatus"],
            "warehouse": warehouse, "iam_role": role_arn}  # fmt: skip


def status(profile: Profile) -> dict[str, str]:
    spec = ClusterSpec.of(profile)
    _, redshift = _clients(profile)
    cluster = _describe(redshift, spec.identifier)
    if cluster is None:
        return {"cluster": spec.identifier, "status": "absent"}
    endpoint = cluster.get("Endpoint") or {}
    return {
        "cluster": spec.identifier,
        "status": cluster["ClusterStatus"],
        "nodes": f"{cluster['NumberOfNodes']} x {cluster['NodeType']}",
        "endpoint": f"{endpoint.get('Address', '-')}:{endpoint.get('Port', '-')}",
    }


def down(profile: Profile) -> dict[str, str]:
    """Delete the cluster (no final snapshot) and then its role; absent ones are skipped."""
    spec = ClusterSpec.of(profile)
    iam, redshift = _clients(profile)
    if _describe(redshift, spec.identifier) is not None:
        redshift.delete_cluster(ClusterIdentifier=spec.identifier, SkipFinalClusterSnapshot=True)
        redshift.get_waiter("cluster_deleted").wait(
            ClusterIdentifier=spec.identifier,
            WaiterConfig={"Delay": spec.wait_seconds, "MaxAttempts": 120},
        )
    try:
        iam.detach_role_policy(RoleName=spec.role, PolicyArn=S3_READ_ONLY)
        iam.delete_role(RoleName=spec.role)
    except iam.exceptions.NoSuchEntityException:
        pass
    return {"cluster": spec.identifier, "status": "deleted", "iam_role": spec.role}


def _ensure_role(iam: Any, name: str) -> str:
    try:
        return str(iam.get_role(RoleName=name)["Role"]["Arn"])
    except iam.exceptions.NoSuchEntityException:
        pass
    role = iam.create_role(
        RoleName=name,
        AssumeRolePolicyDocument=json.dumps(TRUST_REDSHIFT),
        Description="Lets Redshift COPY Sparkify's source files from S3 (read only)",
    )
    iam.attach_role_policy(RoleName=name, PolicyArn=S3_READ_ONLY)
    return str(role["Role"]["Arn"])


def _describe(redshift: Any, identifier: str) -> dict[str, Any] | None:
    try:
        return dict(redshift.describe_clusters(ClusterIdentifier=identifier)["Clusters"][0])
    except redshift.exceptions.ClusterNotFoundFault:
        return None
