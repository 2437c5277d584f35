"""The Prefect flows: `etl` is the runbook (the deployments' entrypoint)."""
