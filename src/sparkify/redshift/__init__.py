"""Amazon Redshift as the warehouse: COPY from S3 manifests, set-based SQL, one transaction.

driver: the connection (redshift_connector, TLS on). session: where statements go (the
cluster, or standard output for --dry-run). objects: the manifests and JSONPaths written to
S3. load: the steps of one load. cluster: the cluster and its IAM role as code.
"""
