"""The Sparkify ETL flow: the runbook, one task per step, on any engine.

prepare the load -> find new or changed files -> stage events || stage songs -> check bad
records -> plan the build (full, or a delta of the new rows) -> load each table of the build
plan (independent tables at once) -> validate each table as soon as it is built -> the
quality gate's verdict -> publish (one transaction) -> report. A run that finds the source
as the last published load saw it (nothing new, changed or gone) publishes nothing and stops
after finding the files: the published tables, their gate and their report stand.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any, cast

from prefect import allow_failure, flow, get_run_logger
from prefect.artifacts import create_link_artifact, create_table_artifact
from prefect.blocks.system import Secret
from prefect.futures import PrefectFuture, wait

from sparkify import build_plan, events, prefect_heartbeat, quality
from sparkify.config import (
    DEFAULT_MAX_ERRORS,
    DEFAULT_MIN_MATCHED_SHARE,
    DEFAULT_PUBLISH_PATIENCE,
)
from sparkify.engine import engine_for
from sparkify.settings import resolve_settings
from sparkify.summary import LoadSummary
from sparkify.tasks.aws import s3_client
from sparkify.tasks.build import check_bad_records, load_table, plan_build
from sparkify.tasks.discover import find_new_files
from sparkify.tasks.drift import schema_drift
from sparkify.tasks.events import emit
from sparkify.tasks.publish import publish, publish_unchanged
from sparkify.tasks.quality import quality_gate, validate
from sparkify.tasks.report import render_report
from sparkify.tasks.stage import stage
from sparkify.tasks.warehouse import discard_load, prepare_load

prefect_heartbeat.install()  # a run ends with its work, not at its heartbeat's next second


@flow(name="sparkify-etl", log_prints=True)
def sparkify_etl(
    source: str | None = None,
    warehouse: str | None = None,
    since: date | None = None,
    until: date | None = None,
    max_errors: str = DEFAULT_MAX_ERRORS,
    full_refresh: bool = False,
    min_matched_share: float = DEFAULT_MIN_MATCHED_SHARE,
    publish_patience: float = DEFAULT_PUBLISH_PATIENCE,
    password_secret: str | None = None,
    aws_credentials: str | None = None,
    iam_role: str | None = None,
    state: str | None = None,
    compact_songs: bool | None = None,
    profile: str | None = None,
) -> LoadSummary:
    """Load new or changed source files into the warehouse and publish the star schema.

    Args:
        source: a folder or s3://bucket/prefix holding song_data/ and log_data/; default: the
            bundled sample, generated into the state folder on first use.
        warehouse: postgresql:// or redshift:// URL; default: $SPARKIFY_WAREHOUSE_URL, else
            the embedded PostgreSQL in the state folder.
        since: first day of event files to load (by the date in their name).
        until: last day of event files to load.
        max_errors: bad-record budget, a count ("5") or a share of records read ("1%").
        full_refresh: reload every source file, dropping what is no longer there.
        min_matched_share: the quality gate warns when fewer songplays match a known song.
        publish_patience: seconds publish keeps trying while other sessions (a long query)
            hold the published tables; then the load fails, nothing published.
        password_secret: name of a Prefect Secret block holding the warehouse password
            (else libpq's PGPASSWORD). A URL carrying a password is refused: flow parameters
            are stored in Prefect's database and shown in its UI.
        aws_credentials: name of a prefect-aws AwsCredentials block for an s3:// source
            (else boto3's own chain: environment, AWS profile, instance role).
        iam_role: for a redshift:// warehouse, the IAM role ARN its COPY assumes to read S3.
        state: for a redshift:// warehouse, s3://own-bucket/prefix (the data's region) where
            the load writes its COPY manifests; the source is only ever read.
        compact_songs: for a redshift:// warehouse, read the load's new song files and write
            them as gzip JSON-lines parts (~64 MB each) in the state location, COPY'd from a
            manifest of their own, each record with its file and line; default off.
        profile: a profile of sparkify.yaml (in the worker's directory, or $SPARKIFY_CONFIG)
            giving source, warehouse, aws_credentials, iam_role, state and compact_songs where
            they are left out,
            so a deployment names its environment with one parameter.
    """
    logger = get_run_logger()
    settings = resolve_settings(
        source=source,
        warehouse=warehouse,
        since=since,
        until=until,
        max_errors=max_errors,
        full_refresh=full_refresh,
        min_matched_share=min_matched_share,
        publish_patience=publish_patience,
        aws_credentials=aws_credentials,
        iam_role=iam_role,
        state=state,
        compact_songs=compact_songs,
        profile=profile,
        password=(lambda: _secret(password_secret)) if password_secret else None,
    )
    engine = engine_for(settings, s3_client(settings.aws_credentials))
    summary = LoadSummary(load_id=0, source=settings.source, warehouse=str(engine))
    timed = _stopwatch(summary.seconds)

    with engine.exclusive(logger):
        with timed("prepare"):
            summary.load_id = load_id = prepare_load(engine, settings)
        load_event = events.Load(load_id, summary.warehouse, settings.source)
        try:
            with timed("find new files"):
                files = find_new_files(engine, load_id, settings)
            if files.unchanged:
                with timed("publish"):
                    summary.published = publish_unchanged(engine, load_id, settings)
                summary.build = "unchanged"
                emit(events.published(load_event, summary.published, summary.seconds))
                create_table_artifact(
                    key="sparkify-load",
                    table=summary.table_rows(),
                    description=f"Load {load_id}: the source is unchanged, nothing to load",
                )
                logger.info("load %d: nothing new, changed or removed", load_id)
                return summary
            with timed("stage events || songs"):
                staged = [
                    stage.submit(engine, load_id, settings, files, kind)
                    for kind in ("events", "songs")
                    if files.of_kind(kind)
                ]
                _results(staged)
            quality.preload()  # GX imports (seconds) as the database builds; earlier costs RSS
            with timed("check bad records"):
                check_bad_records(engine, load_id, settings)
            with timed("build and validate"):
                summary.build = mode = plan_build(engine, load_id)
                built: dict[str, PrefectFuture[None]] = {}
                for step in build_plan.steps(mode):
                    built[step.table] = load_table.submit(
                        engine,
                        load_id,
                        step,
                        mode,
                        wait_for=[built[t] for t in step.needs],
                        return_state=False,
                    )
                checks = [
                    validate.submit(
                        engine,
                        load_id,
                        suite,
                        settings,
                        wait_for=[built[t] for t in tables],
                        return_state=False,
                    )
                    for suite, tables in build_plan.suites(mode).items()
                ]
                _results([*built.values(), *checks], raising=list(built.values()))
            with timed("quality gate"):
                outcomes = cast(list[Any], [allow_failure(c) for c in checks])  # or errors
                report = quality_gate(engine, load_id, outcomes, settings.source)
                summary.warnings = [finding.describe() for finding in report.warnings]
                summary.data_docs = str(report.docs_index or "")
            with timed("publish"):
                summary.published, summary.staged = publish(engine, load_id, mode, settings)
            summary.drift = schema_drift(engine, load_id)
        except BaseException as error:
            with suppress(Exception):  # the next run discards it anyway; keep the real error
                discard_load(engine, load_id, f"{type(error).__name__}: {error}")
            with suppress(Exception):  # an event lost must not hide the load's own error
                emit(events.failed(load_event, f"{type(error).__name__}: {error}"))
            raise
    emit(events.published(load_event, summary.published, summary.seconds))
    create_table_artifact(
        key="sparkify-load",
        table=summary.table_rows(),
        description=f"Load {summary.load_id} of {settings.source} into {summary.warehouse}",
    )
    for key, rows, what in (
        ("sparkify-calendar", summary.calendar_rows(), "Source calendar findings"),
        ("sparkify-drift", summary.drift_rows(), "Schema drift findings"),
    ):
        create_table_artifact(key=key, table=rows, description=f"{what} of load {load_id}")
    with timed("report"):  # after the published event, the lock released: readers see it
        summary.report = render_report(engine)
    for key, path in (
        ("sparkify-report-file", summary.report),
        ("sparkify-data-docs", summary.data_docs),
    ):
        if path:  # the run's page links the files it wrote
            create_link_artifact(key=key, link=Path(path).as_uri(), link_text=path)
    logger.info("load %d done: %s", summary.load_id, summary.published)
    return summary


def _secret(name: str) -> str:
    return str(cast(Secret[str], Secret.load(name)).get())


def _results(futures: list[Any], raising: list[Any] | None = None) -> None:
    """Wait for every future (nothing of the load still runs when it fails), then raise the
    first failure among `raising` (default: all of them)."""
    wait(futures)
    for future in futures if raising is None else raising:
        future.result()


def _stopwatch(seconds: dict[str, float]) -> Callable[[str], Any]:
    @contextmanager
    def timed(stage_name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            seconds[stage_name] = time.monotonic() - started

    return timed
