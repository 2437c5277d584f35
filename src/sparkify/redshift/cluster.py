"""The Redshift cluster as code: `sparkify cluster up|status|down` with boto3.

`up` creates an IAM role Redshift can assume, allowed to read only the profile's source and
state prefixes, creates the cluster (node type and count, and its network: security groups,
subnet group, public access, from the profile), opens the given CIDR to the cluster's port,
waits until it is available, and writes its endpoint and the role into the profile. `down`
deletes both. The master password comes from
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

READ_POLICY = "sparkify-s3-read"  # the role's inline policy: the source and state prefixes
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
    port: int = 5439
    # The network. Without these the cluster is private in the default VPC behind its default
    # security group: only machines in that VPC allowed by that group reach it.
    vpc_security_group_ids: tuple[str, ...] = ()
    subnet_group: str | None = None  # a cluster subnet group in the VPC the worker reaches
    publicly_accessible: bool = False
    ingress_cidr: str | None = None  # opened to `port` on each security group (the worker's)

    @classmethod
    def of(cls, profile: Profile) -> ClusterSpec:
        values = dict(profile.cluster or {})
        known = set(cls.__dataclass_fields__)
        if unknown := set(values) - known:
            raise SparkifyError(
                f"profile {profile.name!r}: unknown cluster keys "
                f"{sorted(unknown)} (known: {sorted(known)})"
            )
        if "vpc_security_group_ids" in values:
            values["vpc_security_group_ids"] = tuple(values["vpc_security_group_ids"])
        spec = cls(**values)
        if spec.ingress_cidr and not spec.vpc_security_group_ids:
            raise SparkifyError(
                f"profile {profile.name!r}: cluster ingress_cidr needs "
                "vpc_security_group_ids (the groups to open)"
            )
        return spec

    def network(self) -> dict[str, Any]:
        """create_cluster's network arguments."""
        network: dict[str, Any] = {
            "PubliclyAccessible": self.publicly_accessible,
            "Port": self.port,
        }
        if self.vpc_security_group_ids:
            network["VpcSecurityGroupIds"] = list(self.vpc_security_group_ids)
        if self.subnet_group:
            network["ClusterSubnetGroupName"] = self.subnet_group
        return network


def _clients(profile: Profile) -> tuple[Any, Any]:
    import boto3

    return boto3.client("iam"), boto3.client("redshift", region_name=profile.region)


def read_policy(profile: Profile) -> dict[str, Any]:
    """What COPY may read: the objects under the source and state prefixes, and the listing
    and location of their buckets; nothing else in S3."""
    from sparkify.s3 import split_url

    if not (profile.source or "").startswith("s3://") or not (profile.state or "").startswith(
        "s3://"
    ):
        raise SparkifyError(
            f"profile {profile.name!r}: cluster up needs source and state "
            "(s3://…): the role may read only those"
        )
    places = [split_url(str(url)) for url in (profile.source, profile.state)]
    buckets = sorted({bucket for bucket, _ in places})
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": [f"arn:aws:s3:::{bucket}/{prefix}*" for bucket, prefix in places],
            },
            {
                "Effect": "Allow",
                "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
                "Resource": [f"arn:aws:s3:::{bucket}" for bucket in buckets],
            },
        ],
    }


def up(profile: Profile) -> dict[str, str]:
    """Create (or find) the role and the cluster, wait for it, record it in the profile."""
    spec = ClusterSpec.of(profile)
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        raise SparkifyError(
            f"set {PASSWORD_ENV} to the cluster's master password "
            "(it is never written to sparkify.yaml)"
        )
    iam, redshift = _clients(profile)
    role_arn = _ensure_role(iam, spec.role, read_policy(profile))
    if spec.ingress_cidr:
        _open_ingress(profile, spec)
    if _describe(redshift, spec.identifier) is None:
        size = (
            {"ClusterType": "single-node"}
            if spec.nodes == 1
            else {"ClusterType": "multi-node", "NumberOfNodes": spec.nodes}
        )
        redshift.create_cluster(
            ClusterIdentifier=spec.identifier,
            NodeType=spec.node_type,
            DBName=spec.database,
            MasterUsername=spec.user,
            MasterUserPassword=password,
            IamRoles=[role_arn],
            Encrypted=True,
            **spec.network(),
            **size,
        )
    redshift.get_waiter("cluster_available").wait(
        ClusterIdentifier=spec.identifier,
        WaiterConfig={"Delay": spec.wait_seconds, "MaxAttempts": 120},
    )
    cluster = _describe(redshift, spec.identifier) or {}
    endpoint = cluster["Endpoint"]
    warehouse = f"redshift://{spec.user}@{endpoint['Address']}:{endpoint['Port']}/{spec.database}"
    update_profile(profile.name, warehouse=warehouse, iam_role=role_arn)
    return {
        "cluster": spec.identifier,
        "status": cluster["ClusterStatus"],
        "warehouse": warehouse,
        "iam_role": role_arn,
    }


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
        iam.delete_role_policy(RoleName=spec.role, PolicyName=READ_POLICY)
        iam.delete_role(RoleName=spec.role)
    except iam.exceptions.NoSuchEntityException:
        pass
    return {"cluster": spec.identifier, "status": "deleted", "iam_role": spec.role}


def _ensure_role(iam: Any, name: str, policy: dict[str, Any]) -> str:
    """The role, created when missing; its read policy set to `policy` either way."""
    try:
        arn = str(iam.get_role(RoleName=name)["Role"]["Arn"])
    except iam.exceptions.NoSuchEntityException:
        arn = str(
            iam.create_role(
                RoleName=name,
                AssumeRolePolicyDocument=json.dumps(TRUST_REDSHIFT),
                Description="Lets Redshift COPY Sparkify's source and state prefixes (read only)",
            )["Role"]["Arn"]
        )
    iam.put_role_policy(RoleName=name, PolicyName=READ_POLICY, PolicyDocument=json.dumps(policy))
    return arn


def _open_ingress(profile: Profile, spec: ClusterSpec) -> None:
    """Allow `ingress_cidr` to the cluster's port on each of its security groups (a rule that
    is there already is kept)."""
    import boto3
    from botocore.exceptions import ClientError

    ec2 = boto3.client("ec2", region_name=profile.region)
    for group in spec.vpc_security_group_ids:
        try:
            ec2.authorize_security_group_ingress(
                GroupId=group,
                IpPermissions=[
                    {
                        "IpProtocol": "tcp",
                        "FromPort": spec.port,
                        "ToPort": spec.port,
                        "IpRanges": [
                            {"CidrIp": spec.ingress_cidr, "Description": "sparkify worker"}
                        ],
                    }
                ],
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "InvalidPermission.Duplicate":
                raise


def _describe(redshift: Any, identifier: str) -> dict[str, Any] | None:
    try:
        return dict(redshift.describe_clusters(ClusterIdentifier=identifier)["Clusters"][0])
    except redshift.exceptions.ClusterNotFoundFault:
        return None
