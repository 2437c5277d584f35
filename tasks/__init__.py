"""Thin Prefect tasks: each wraps one step of sparkify.load with retries and logging."""
