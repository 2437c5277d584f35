"""Thin Prefect tasks, one per step of the runbook (sparkify.flows.etl), each calling the engine
with one retry policy (retry.py)."""
