"""The `sparkify` command: run the flow, query the warehouse, generate data.

Errors a user can act on end the command with one line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import logging
import os
import queue
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sparkify.config import (
    DEFAULT_MAX_ERRORS,
    DEFAULT_MIN_MATCHED_SHARE,
    DEFAULT_PUBLISH_PATIENCE,
    ErrorBudget,
)
from sparkify.errors import SparkifyError

PREFECT_DEFAULTS = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
# With the state folder's own server, unless set: a server of it that died never answers at its
# address again (the next command starts another, on a new port), so Prefect's 5 retries of a
# call (2+4+8+16+32 s of pauses) only kept a run that lost it for a minute a call before its
# error line; 2 ride out a busy moment of a live server (6 s).
STATE_SERVER_DEFAULTS = {"PREFECT_CLIENT_MAX_RETRIES": "2"}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _budget(text: str) -> str:
    try:
        ErrorBudget.parse(text)
    except SparkifyError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"not a share between 0 and 1: {text!r}")
    return value


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a whole number above 0: {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"not a number of seconds above 0: {text!r}")
    return value


def _add_gate_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-errors",
        type=_budget,
        default=DEFAULT_MAX_ERRORS,
        help="bad-record budget: a count (5) or a share of records read (1%%); default 1%%",
    )
    parser.add_argument(
        "--min-matched-share",
        type=_share,
        default=DEFAULT_MIN_MATCHED_SHARE,
        help="warn when a smaller share of songplays matches a known song (default 0.5)",
    )


def _add_profile_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", help="take defaults from this profile of sparkify.yaml")


def _apply_profile(args: argparse.Namespace) -> None:
    """Fill the options the command line left out from the chosen profile."""
    if not getattr(args, "profile", None) or args.command == "cluster":
        return  # `cluster` reads its profile whole
    from sparkify.profiles import apply_profile

    vars(args).update(apply_profile(args.profile, vars(args)))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sparkify", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="load new or changed files and publish the star schema")
    run.add_argument("--source", help="folder or s3://bucket/prefix (default: bundled sample)")
    run.add_argument("--aws-credentials", help="prefect-aws AwsCredentials block for s3://")
    run.add_argument(
        "--warehouse",
        help="postgresql:// or redshift://user@host:5439/db URL (default: embedded PostgreSQL)",
    )
    run.add_argument("--iam-role", help="IAM role ARN Redshift's COPY assumes to read S3")
    run.add_argument(
        "--state",
        help="Redshift: s3://own-bucket/prefix for the load's manifests (the source is only read)",
    )
    run.add_argument(
        "--compact-songs",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="Redshift: write the new song files as gzip JSON-lines parts in the state "
        "location first, and COPY those (default: the profile's compact_songs, else off)",
    )
    run.add_argument(
        "--dry-run",
        action="store_true",
        help="Redshift: print every SQL statement the run would send; connect to no warehouse",
    )
    run.add_argument(
        "--manifest-snapshot",
        type=Path,
        help="Redshift --dry-run: plan onto the warehouse whose manifest this CSV holds "
        "(source_key,fingerprint,load_id, as psql --csv prints them; default: an empty one)",
    )
    run.add_argument("--since", type=_day, help="first day of event files to load (YYYY-MM-DD)")
    run.add_argument("--until", type=_day, help="last day of event files to load (YYYY-MM-DD)")
    _add_gate_options(run)
    _add_profile_option(run)
    run.add_argument(
        "--full-refresh", action="store_true", help="reload every file, drop vanished ones"
    )
    run.add_argument(
        "--publish-patience",
        type=_seconds,
        default=DEFAULT_PUBLISH_PATIENCE,
        help="seconds publish keeps trying while a long query holds the published tables "
        f"(default {DEFAULT_PUBLISH_PATIENCE:g})",
    )

    query = commands.add_parser("query", help="run one SQL statement and print the result")
    query.add_argument("sql", help="the statement")
    query.add_argument("--warehouse", help="postgresql:// URL (default: embedded PostgreSQL)")
    _add_profile_option(query)

    validate = commands.add_parser(
        "validate", help="run the quality suites on the published tables"
    )
    validate.add_argument("--warehouse", help="postgresql:// URL (default: embedded PostgreSQL)")
    _add_gate_options(validate)
    _add_profile_option(validate)

    report = commands.add_parser("report", help="render the song-play report (one HTML file)")
    report.add_argument("--out", type=Path, help="folder for report.html (default: state/report)")
    report.add_argument("--warehouse", help="postgresql:// URL (default: embedded PostgreSQL)")
    _add_profile_option(report)

    unmatched = commands.add_parser(
        "unmatched", help="the most played songs that match no catalog song, and why"
    )
    unmatched.add_argument("--top", type=_positive, default=10, help="pairs to show (default 10)")
    unmatched.add_argument("--warehouse", help="postgresql:// URL (default: embedded PostgreSQL)")
    _add_profile_option(unmatched)

    explain = commands.add_parser("explain", help="where a published row came from")
    explain.add_argument(
        "kind",
        choices=["songplay", "user", "song", "record"],
        help="record: a quarantined <source_key>:<line>",
    )
    explain.add_argument("id", help="songplay_id, user_id, song_id or <source_key>:<line>")
    explain.add_argument("--warehouse", help="postgresql:// URL (default: embedded PostgreSQL)")
    _add_profile_option(explain)

    commands.add_parser(
        "stop", help="stop the state folder's embedded PostgreSQL, warm runner and Prefect server"
    )

    ui = commands.add_parser("ui", help="print the address of the Prefect UI (runs, artifacts)")
    ui.add_argument("--open", action="store_true", help="open it in the web browser")

    calendar = commands.add_parser("calendar", help="print the source calendar: day by day")
    calendar.add_argument("--warehouse", help="postgresql:// URL (default: embedded PostgreSQL)")
    _add_profile_option(calendar)

    alerts = commands.add_parser("alerts", help="install the automations of alerts/ in Prefect")
    alerts.add_argument("action", choices=["install"])
    alerts.add_argument("--webhook", help="URL the notifications are POSTed to (JSON)")
    alerts.add_argument("--block", help="TYPE/NAME of an existing notification block instead")
    alerts.add_argument(
        "--within",
        type=_seconds,
        help="seconds without a published load before alerting (default 26 h)",
    )

    cluster = commands.add_parser("cluster", help="create, show or delete the Redshift cluster")
    cluster.add_argument("action", choices=["up", "status", "down"])
    cluster.add_argument("--profile", required=True, help="profile of sparkify.yaml to use")

    generate = commands.add_parser("generate", help="write synthetic data in the real layout")
    generate.add_argument("out", type=Path, help="folder to write song_data/ and log_data/ to")
    generate.add_argument("--events", type=int, default=20_000, help="events (default 20000)")
    generate.add_argument("--songs", type=int, default=2_000, help="song files (default 2000)")
    generate.add_argument("--days", type=int, default=30, help="days of logs (default 30)")
    generate.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    generate.add_argument(
        "--first-day", type=_day, help="date of the first day of logs (default 2018-11-01)"
    )
    return parser


def entry() -> int:
    """The `sparkify` command: `main()`, then an exit without the interpreter's teardown.

    Python's own exit frees every object of every module one by one: with Prefect (and, after
    a gate, Great Expectations) loaded that is seconds of a command that has finished. So the
    last exit handler, once the others have run (Prefect's log and event workers have sent
    what they held, threads are joined, logging is flushed), ends the process at once with the
    command's exit code. Before that, Prefect's workers send what they hold while its API
    answers; once it does not (its server killed), the command ends at once instead of
    waiting minutes for them (sparkify.prefect_exit). `main()` itself exits normally: tests
    call it in-process."""
    status = [1]  # an exception escaping main() (a bug: its traceback is printed) exits 1
    atexit.register(_leave, status)  # registered first, so it runs last
    try:
        status[0] = main()
    except SystemExit as exit:  # argparse: --help (0), a usage error (2)
        status[0] = exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 1
        raise
    from sparkify.prefect_exit import flushed

    if not flushed():  # the Prefect API is gone: what its workers hold would wait minutes
        _leave(status)
    return status[0]


def _leave(status: list[int]) -> None:
    logging.shutdown()  # its own exit handler was registered before ours: it would not run
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing left to tell it
            stream.flush()
    os._exit(status[0])


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # for the warm runner
    try:
        _apply_profile(args)
        handlers: dict[str, Callable[[argparse.Namespace], int]] = {
            "run": _run,
            "query": _query,
            "validate": _validate,
            "report": _report,
            "unmatched": _unmatched,
            "explain": _explain,
            "stop": _stop,
            "ui": _ui,
            "calendar": _calendar,
            "alerts": _alerts,
            "cluster": _cluster,
            "generate": _generate,
        }
        return handlers[args.command](args)
    except SparkifyError as error:
        print(f"sparkify: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("sparkify: interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    if args.dry_run:
        return _plan(args)
    if args.manifest_snapshot:
        raise SparkifyError("--manifest-snapshot is for --dry-run (a run reads the manifest)")
    own_server = not os.environ.get("PREFECT_API_URL")
    _use_prefect_server(meanwhile=lambda: _get_ready_to_run(args))
    if own_server:  # a later command: the state folder's warm runner, if it is up, runs it
        from sparkify import warm_runner
        from sparkify.config import state_home

        env = dict(os.environ)
        if warm_runner.usable(env):
            runner = state_home() / "prefect"
            status = warm_runner.delegate(runner, args.argv)
            if status is not None:
                return status
            try:  # none took it: this run in-process, then a runner for the next command
                return _run_here(args)
            finally:
                warm_runner.start(runner, env)
    return _run_here(args)


def _get_ready_to_run(args: argparse.Namespace) -> None:
    """What a run needs besides the Prefect server, got while a new server starts: the flow's
    modules, and the embedded warehouse when the run is to use it."""
    import sparkify.flows.etl  # noqa: F401
    from sparkify.config import WAREHOUSE_URL_ENV

    if not (args.warehouse or os.environ.get(WAREHOUSE_URL_ENV)):
        from sparkify.warehouse import resolve_url

        with contextlib.suppress(Exception):  # the flow starts it again, and tells why not
            resolve_url(None)


def _run_here(args: argparse.Namespace) -> int:
    """The flow run, in this process; its summary and where to watch it."""
    from sparkify.flows.etl import sparkify_etl
    from sparkify.warehouse import split_password

    warehouse, password = split_password(args.warehouse) if args.warehouse else (None, None)
    if password is not None:  # keep it out of the flow's parameters (stored by Prefect)
        os.environ["PGPASSWORD"] = password
    _quiet_console_tracebacks()
    try:
        state = sparkify_etl(
            source=args.source,
            warehouse=warehouse,
            since=args.since,
            until=args.until,
            max_errors=args.max_errors,
            full_refresh=args.full_refresh,
            min_matched_share=args.min_matched_share,
            publish_patience=args.publish_patience,
            aws_credentials=args.aws_credentials,
            iam_role=args.iam_role,
            state=args.state,
            compact_songs=args.compact_songs,
            return_state=True,
        )
    except Exception as error:  # the flow could not even record how it ended
        raise SparkifyError(_api_lost(error, warehouse)) from None
    try:
        summary = state.result()
    except Exception as error:
        print(f"sparkify: error: {_one_line(error)}", file=sys.stderr)
        return 1
    print(summary.render())
    print(f'\nquery it: sparkify query "SELECT count(*) FROM songplays"  ({summary.warehouse})')
    from prefect.utilities.urls import url_for

    run_url = url_for("flow-run", obj_id=state.state_details.flow_run_id)
    if run_url:
        print(f"watch it: {run_url}")
    return 0


def _api_lost(error: BaseException, warehouse: str | None) -> str:
    """The line for a run whose Prefect API stopped answering: what the warehouse says of the
    load (published whole, or discarded: never half of it)."""
    from sparkify.warehouse import Warehouse, resolve_url

    message = f"the Prefect API stopped answering mid-run ({_one_line(error)})"
    try:
        with Warehouse(resolve_url(warehouse)).connect() as conn:
            load_id, status = Warehouse.rows(conn, "ops/latest_load")[0]
    except Exception:  # no warehouse to ask: the API's line is the news
        return message
    return f"{message}; load {load_id} is {status!r} in the warehouse (table loads)"


def _use_prefect_server(meanwhile: Callable[[], None] = lambda: None) -> None:
    """Point Prefect at the state folder's server, started if none is alive, with its client
    settings (STATE_SERVER_DEFAULTS), unless PREFECT_API_URL names one. Before Prefect is
    imported: it reads its settings once. A new server takes seconds to answer (one core of
    two): `meanwhile` runs then, in this thread, its address already set."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    if os.environ.get("PREFECT_API_URL"):
        return
    from sparkify.config import state_home
    from sparkify.prefect_server import ensure_server

    news: queue.SimpleQueue[tuple[bool, str | BaseException]] = queue.SimpleQueue()

    def start() -> None:  # a daemon: Ctrl-C ends the command, as it did in this thread
        try:
            url = ensure_server(state_home(), on_address=lambda new: news.put((False, new)))
            news.put((True, url))
        except BaseException as error:
            news.put((True, error))

    threading.Thread(target=start, name="prefect-server", daemon=True).start()
    answered, news_of_it = news.get()
    if not answered and isinstance(news_of_it, str):  # a new server, seconds from answering
        _point_prefect_at(news_of_it)
        try:
            meanwhile()
        except Exception:
            news.get()  # the new server recorded first, for the next command to find
            raise
        _, news_of_it = news.get()
    if isinstance(news_of_it, BaseException):
        raise news_of_it
    _point_prefect_at(news_of_it)


def _point_prefect_at(api_url: str) -> None:
    from sparkify.prefect_server import ui_url

    for name, value in STATE_SERVER_DEFAULTS.items():  # this command's client, not the server
        os.environ.setdefault(name, value)
    os.environ["PREFECT_API_URL"] = api_url
    os.environ["PREFECT_UI_URL"] = ui_url(api_url)


def _plan(args: argparse.Namespace) -> int:
    """--dry-run: the load's statements on stdout, progress on stderr: Redshift's (no
    connection), or PostgreSQL's (embedded or by URL; read-only queries only)."""
    from sparkify.redshift.driver import is_redshift_url
    from sparkify.settings import resolve_settings
    from sparkify.tasks.aws import s3_client
    from sparkify.warehouse import split_password

    redshift = is_redshift_url(args.warehouse)
    if args.manifest_snapshot and not redshift:
        raise SparkifyError(
            "--manifest-snapshot is for a Redshift dry run (PostgreSQL's reads the manifest "
            "on a read-only connection)"
        )
    warehouse, password = split_password(args.warehouse) if args.warehouse else (None, None)
    if password is not None and not redshift:
        os.environ["PGPASSWORD"] = password
        args.warehouse = warehouse
    settings = resolve_settings(
        source=args.source,
        warehouse=args.warehouse,
        since=args.since,
        until=args.until,
        max_errors=args.max_errors,
        full_refresh=args.full_refresh,
        iam_role=args.iam_role,
        state=args.state,
        compact_songs=args.compact_songs,
        aws_credentials=args.aws_credentials,
        defaults=not redshift,  # PostgreSQL: the embedded warehouse and the bundled sample
    )
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="-- %(message)s")
    logging.getLogger("botocore").setLevel(logging.WARNING)  # its credential-chain chatter
    client, log = s3_client(args.aws_credentials), logging.getLogger("sparkify.plan")
    if redshift:
        from sparkify.redshift.engine import print_plan
        from sparkify.redshift.snapshot import read_snapshot

        snapshot = read_snapshot(args.manifest_snapshot) if args.manifest_snapshot else []
        print_plan(settings, client, sys.stdout, log, manifest=snapshot)
    else:
        from sparkify.postgres_plan import print_plan as print_postgres_plan

        print_postgres_plan(settings, client, sys.stdout, log)
    return 0


def _cluster(args: argparse.Namespace) -> int:
    from botocore.exceptions import BotoCoreError, ClientError, WaiterError

    from sparkify.profiles import config_path, load_profile
    from sparkify.redshift import cluster

    action = {"up": cluster.up, "status": cluster.status, "down": cluster.down}[args.action]
    try:
        result = action(load_profile(args.profile))
    except (BotoCoreError, ClientError, WaiterError) as error:
        raise SparkifyError(f"cluster {args.action}: AWS said: {_one_line(error)}") from None
    for name, value in result.items():
        print(f"{name:<12}{value}")
    if args.action == "up":
        print(f"\nprofile {args.profile!r} in {config_path()} now holds warehouse and iam_role")
    return 0


def _one_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return " ".join(text.split())


def _quiet_console_tracebacks() -> None:
    """Keep tracebacks out of the terminal; the Prefect UI and API logs still have them."""
    from prefect.logging.configuration import ensure_logging_setup
    from prefect.logging.handlers import PrefectConsoleHandler

    class NoTraceback(logging.Formatter):
        def __init__(self, inner: logging.Formatter | None) -> None:
            super().__init__()
            self.inner = inner or logging.Formatter()

        def format(self, record: logging.LogRecord) -> str:
            plain = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
            return self.inner.format(plain)

    # `import prefect` has set logging up; a second setup would only redo it (a dump of every
    # setting, most of a second on a busy machine). Once, before the formatter is swapped.
    ensure_logging_setup()
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if isinstance(handler, PrefectConsoleHandler):
                handler.setFormatter(NoTraceback(handler.formatter))


def _validate(args: argparse.Namespace) -> int:
    from sparkify import quality
    from sparkify.findings import enforce
    from sparkify.warehouse import resolve_url

    report = quality.check(
        resolve_url(args.warehouse),
        ErrorBudget.parse(args.max_errors),
        args.min_matched_share,
        load_id=None,
        audit=False,
        run_name="sparkify-validate",
    )
    for finding in report.findings:
        column = f".{finding.column}" if finding.column else ""
        line = f"{finding.suite}{column}: {finding.expectation}"
        if finding.outcome == "could not run":
            print(f"{'ERROR':<7}{line}: could not run: {finding.error}")
        elif finding.success:
            print(f"{'ok':<7}{line}")
        elif finding.severity == "critical":
            print(f"{'FAILED':<7}{finding.describe()}")
        else:
            print(f"{'warn':<7}{finding.describe()}")
    print(f"\ndata docs: {report.docs_index}")
    enforce(report)
    return 0


def _report(args: argparse.Namespace) -> int:
    from sparkify import report
    from sparkify.warehouse import Warehouse, resolve_url

    path, data = report.refresh(
        Warehouse(resolve_url(args.warehouse)), args.out or report.default_dir()
    )
    for name, value in report.key_numbers(data).items():
        print(f"{name:<24}{value}")
    print(f"\nreport: {path}")
    return 0


def _calendar(args: argparse.Namespace) -> int:
    from sparkify import calendar
    from sparkify.warehouse import Warehouse, resolve_url

    with Warehouse(resolve_url(args.warehouse)).connect() as conn:
        days = calendar.days(conn)
    print(format_table(calendar.HEADERS, [tuple(vars(day).values()) for day in days]))
    missing = [str(day.day) for day in days if not day.present]
    print(f"missing: {', '.join(missing)}" if missing else "no day missing")
    return 0


def _alerts(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from sparkify import alerts

    within = timedelta(seconds=args.within) if args.within else alerts.DEFAULT_WITHIN
    names = alerts.install(webhook=args.webhook, within=within, block=args.block)
    print(f"{len(names)} automations installed: {', '.join(names)}")
    return 0


def _stop(args: argparse.Namespace) -> int:
    from sparkify.config import state_home
    from sparkify.embedded import stop_embedded
    from sparkify.prefect_server import stop_server
    from sparkify.warm_runner import stop as stop_runner

    stopped = stop_embedded(state_home())
    print("embedded PostgreSQL stopped" if stopped else "no embedded PostgreSQL was running")
    if stop_runner(state_home() / "prefect"):
        print("warm runner stopped")
    if stop_server(state_home()):
        print("Prefect server stopped")
    return 0


def _ui(args: argparse.Namespace) -> int:
    _use_prefect_server()
    import webbrowser

    url = os.environ.get("PREFECT_UI_URL") or _prefect_ui_url()
    if not url:
        raise SparkifyError("the Prefect API at PREFECT_API_URL has no UI (set PREFECT_UI_URL)")
    print(url)
    if args.open:
        webbrowser.open(url)
    return 0


def _prefect_ui_url() -> str | None:
    """The UI of the server PREFECT_API_URL names, as Prefect derives it (Cloud's differs)."""
    from prefect.settings import PREFECT_UI_URL

    return PREFECT_UI_URL.value()


def _query(args: argparse.Namespace) -> int:
    from sparkify.warehouse import Warehouse, resolve_url

    warehouse = Warehouse(resolve_url(args.warehouse))
    with warehouse.connect() as conn:
        try:
            cursor = conn.execute(args.sql)
        except Exception as error:
            raise SparkifyError(_one_line(error)) from None
        if cursor.description is None:
            print(cursor.statusmessage)
            return 0
        headers = [column.name for column in cursor.description]
        print(format_table(headers, cursor.fetchall()))
    return 0


def _unmatched(args: argparse.Namespace) -> int:
    from sparkify.warehouse import Warehouse, resolve_url

    with Warehouse(resolve_url(args.warehouse)).connect() as conn:
        params = {"top": args.top, "song": None, "artist": None}
        cursor = Warehouse.cursor(conn, "ops/unmatched", params)
        print(format_table([column.name for column in cursor.description], cursor.fetchall()))
    return 0


def _explain(args: argparse.Namespace) -> int:
    from sparkify.explain import explain
    from sparkify.warehouse import Warehouse, resolve_url

    with Warehouse(resolve_url(args.warehouse)).connect() as conn:
        sections = explain(conn, args.kind, args.id)
    print("\n\n".join(f"{s.title}:\n{format_table(s.headers, s.rows)}" for s in sections))
    return 0


def format_table(headers: list[str], rows: list[tuple[Any, ...]]) -> str:
    """Rows as an aligned text table, NULL shown as NULL."""
    cells = [["NULL" if value is None else str(value) for value in row] for row in rows]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(headers)]
    line = " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    rule = "-+-".join("-" * w for w in widths)
    body = [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    count = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
    return "\n".join([line, rule, *body, count])


def _generate(args: argparse.Namespace) -> int:
    from sparkify.generate import generate

    generate(
        args.out,
        events=args.events,
        songs=args.songs,
        days=args.days,
        seed=args.seed,
        first_day=args.first_day,
    )
    print(f"wrote {args.events} events and {args.songs} songs to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(entry())
