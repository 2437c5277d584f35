"""Amazon Redshift as the warehouse: COPY from S3 manifests, set-based SQL, write-audit-publish.

driver: the connection (redshift_connector, TLS on). session: where statements go (the
cluster, or standard output for --dry-run). objects: the manifests and JSONPaths written to
S3. load: the file choice. engine: the runbook's steps, each a short
transaction, under a load lease; replay: a cancelled step sent again. cluster: the
cluster and its IAM role as code.
"""
