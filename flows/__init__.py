"""Prefect flows: composition only; the steps live in tasks/ and sparkify/."""
