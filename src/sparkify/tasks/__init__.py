"""Thin Prefect tasks, one per step of the runbook (sparkify.flow), each calling the engine
with one retry policy (retry.py)."""
