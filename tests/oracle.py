"""An independent reading of docs/data-contract.md in plain Python: what the warehouse must hold.

It shares no code with the pipeline, so a test that compares the two catches a mistake in
either. It is written for clarity, not speed: use it on small sources.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

EPOCH = datetime(1970, 1, 1)


def source_files(root: Path) -> dict[str, bytes]:
    """key -> bytes of every source file under root (hidden names and other endings skipped)."""
    files = {}
    for tree in ("song_data", "log_data"):
        for path in sorted((root / tree).rglob("*")):
            parts = path.relative_to(root).parts
            if any(part.startswith(".") for part in parts) or not path.is_file():
                continue
            if path.name.endswith((".json", ".json.gz")):
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def _is_int(value: Any) -> bool:
    return type(value) is int and -(2**63) <= value < 2**63


def _is_number(value: Any) -> bool:
    return (type(value) is int) or (type(value) is float and math.isfinite(value))


def _text(value: Any) -> Any:
    if value == "" or value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def _has_nul(r: dict[str, Any], fields: tuple[str, ...]) -> bool:
    return any(isinstance(r.get(f), str) and "\x00" in r[f] for f in fields)


EVENT_TEXT = (
    "artist",
    "auth",
    "firstName",
    "gender",
    "lastName",
    "level",
    "location",
    "method",
    "page",
    "song",
    "userAgent",
)
SONG_TEXT = ("artist_id", "artist_location", "artist_name", "song_id", "title")


def _event_problem(r: dict[str, Any]) -> str | None:
    if "ts" not in r:
        return "ts"
    if not _is_int(r["ts"]) or not -62_135_596_800_000 <= r["ts"] <= 253_402_300_799_999:
        return "ts"
    if _has_nul(r, EVENT_TEXT):
        return "NUL"
    if r.get("page") in (None, ""):
        return "page"
    for f in ("length", "registration"):
        if r.get(f) is not None and not _is_number(r[f]):
            return f
    for f in ("itemInSession", "sessionId", "status"):
        if r.get(f) is not None and not _is_int(r[f]):
            return f
    uid = r.get("userId")
    digits = isinstance(uid, str) and re.fullmatch("[0-9]+", uid) and int(uid) < 2**63
    if not (uid is None or uid == "" or _is_int(uid) or digits):
        return "userId"
    if r["page"] == "NextSong":
        for f in ("userId", "sessionId", "itemInSession"):
            if r.get(f) in (None, ""):
                return f
    return None


def _song_problem(r: dict[str, Any]) -> str | None:
    if _has_nul(r, SONG_TEXT):
        return "NUL"
    for f in ("duration", "artist_latitude", "artist_longitude"):
        if r.get(f) is not None and not _is_number(r[f]):
            return f
    for f in ("year", "num_songs"):
        if r.get(f) is not None and not _is_int(r[f]):
            return f
    for f in ("song_id", "artist_id", "title"):
        if r.get(f) in (None, ""):
            return f
    return None


def expected(root: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every star table and the quarantine as sorted row lists."""
    events: list[tuple[str, int, dict[str, Any]]] = []
    songs: list[tuple[str, int, dict[str, Any]]] = []
    quarantine: list[tuple[Any, ...]] = []
    for key, data in source_files(root).items():
        try:
            text = (gzip.decompress(data) if key.endswith(".gz") else data).decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError):
            quarantine.append((key, None))
            continue
        is_event = key.startswith("log_data/")
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line, parse_constant=lambda c: float("nan"))
            except (ValueError, RecursionError):
                quarantine.append((key, number))
                continue
            if not isinstance(record, dict):
                quarantine.append((key, number))
                continue
            problem = _event_problem(record) if is_event else _song_problem(record)
            if problem:
                quarantine.append((key, number))
            else:
                (events if is_event else songs).append((key, number, record))

    # songs: smallest (source_key, line_number) per song_id
    chosen: dict[str, dict[str, Any]] = {}
    for _key, _number, r in sorted(songs, key=lambda s: (s[0].encode(), s[1])):
        chosen.setdefault(r["song_id"], r)
    song_rows = [
        (
            sid,
            r["title"],
            r["artist_id"],
            r.get("year") or None,
            None if r.get("duration") is None else float(r["duration"]),
        )
        for sid, r in chosen.items()
    ]
    artist_rows: dict[str, tuple[Any, ...]] = {}
    for sid in sorted(chosen, key=str.encode):
        r = chosen[sid]
        artist_rows.setdefault(
            r["artist_id"],
            (
                r["artist_id"],
                _text(r.get("artist_name")),
                _text(r.get("artist_location")),
                _float(r.get("artist_latitude")),
                _float(r.get("artist_longitude")),
            ),
        )

    def uid(r: dict[str, Any]) -> int | None:
        v = r.get("userId")
        return None if v in (None, "") else int(v)

    # users: latest event per user
    latest: dict[int, tuple[Any, ...]] = {}
    for key, number, r in events:
        user = uid(r)
        if user is None:
            continue
        item = r.get("itemInSession")
        rank = (r["ts"], -math.inf if item is None else item, _neg(key), -number)
        if user not in latest or rank > latest[user][0]:
            latest[user] = (rank, r)
    user_rows = [
        (
            user,
            _text(r.get("firstName")),
            _text(r.get("lastName")),
            _text(r.get("gender")),
            _text(r.get("level")),
        )
        for user, (_rank, r) in latest.items()
    ]

    # songplays: one per distinct event, fields from the smallest (source_key, line)
    plays: dict[tuple[Any, ...], dict[str, Any]] = {}
    for _key, _number, r in sorted(events, key=lambda e: (e[0].encode(), e[1])):
        if r["page"] != "NextSong":
            continue
        plays.setdefault((r["ts"], uid(r), r["sessionId"], r["itemInSession"]), r)
    songplay_rows = []
    matches: dict[tuple[Any, ...], str | None] = {}
    for (ts, user, session, item), r in plays.items():
        match = sorted(
            (
                sid
                for sid, s in chosen.items()
                if _text(r.get("song")) is not None
                and s["title"] == r.get("song")
                and _text(s.get("artist_name")) is not None
                and s.get("artist_name") == r.get("artist")
                and s.get("duration") is not None
                and r.get("length") is not None
                and abs(float(s["duration"]) - float(r["length"])) <= 0.01
            ),
            key=str.encode,
        )
        song_id = match[0] if match else None
        matches[(ts, user, session, item)] = song_id
        identity = f"{ts}|{user}|{session}|{item}"
        songplay_rows.append(
            (
                hashlib.md5(identity.encode()).hexdigest(),
                EPOCH + timedelta(milliseconds=ts),
                user,
                _text(r.get("level")),
                song_id,
                chosen[song_id]["artist_id"] if song_id else None,
                session,
                _text(r.get("location")),
                _text(r.get("userAgent")),
            )
        )
    time_rows = [
        (t, t.hour, t.day, t.isocalendar()[1], t.month, t.year, (t.weekday() + 1) % 7)
        for t in {row[1] for row in songplay_rows}
    ]
    # played_songs: per (song, artist) of the distinct plays, as the winning copy spells them
    by_pair: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for identity, r in plays.items():
        if _text(r.get("song")) is not None:
            pair = (r["song"], _text(r.get("artist")))
            by_pair.setdefault(pair, []).append((identity[1], identity[0], matches[identity]))
    played_rows = []
    for (song, artist), rows in by_pair.items():
        ids = [song_id for _user, _ts, song_id in rows if song_id]
        times = [EPOCH + timedelta(milliseconds=ts) for _user, ts, _song_id in rows]
        first_id = min(ids, key=str.encode) if ids else None
        users = len({row[0] for row in rows})
        played_rows.append(
            (song, artist, len(rows), users, min(times), max(times), len(ids), first_id)
        )
    return {
        "songplays": sorted(songplay_rows),
        "users": sorted(user_rows),
        "songs": sorted(song_rows),
        "artists": sorted(artist_rows.values()),
        "time": sorted(time_rows),
        "quarantine": sorted(quarantine, key=lambda q: (q[0], q[1] or 0)),
        "played_songs": sorted(played_rows, key=_nulls_first),
        "user_levels": sorted(_level_periods(events)),
    }


def _level_periods(events: list[tuple[str, int, dict[str, Any]]]) -> list[tuple[Any, ...]]:
    """Each user's level periods: the user's events with a level, latest-order ascending; at
    one ts, the event ranked latest counts; a period starts where the level changes."""
    moments: dict[int, dict[int, tuple[Any, str]]] = {}
    for key, number, r in events:
        v, level = r.get("userId"), _text(r.get("level"))
        if v in (None, "") or level is None:
            continue
        item = r.get("itemInSession")
        rank = (-math.inf if item is None else item, _neg(key), -number)
        at = moments.setdefault(int(v), {})
        if r["ts"] not in at or rank > at[r["ts"]][0]:
            at[r["ts"]] = (rank, level)
    rows = []
    for user, at in moments.items():
        starts: list[tuple[int, str]] = []
        for ts in sorted(at):
            if not starts or starts[-1][1] != at[ts][1]:
                starts.append((ts, at[ts][1]))
        for i, (ts, level) in enumerate(starts):
            end = starts[i + 1][0] if i + 1 < len(starts) else None
            until = None if end is None else EPOCH + timedelta(milliseconds=end)
            rows.append((user, level, EPOCH + timedelta(milliseconds=ts), until))
    return rows


def _nulls_first(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A sort key for rows with NULLs: None sorts before any value."""
    return tuple((value is not None, value) for value in row)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _neg(text: str) -> tuple[int, ...]:
    """A sort key that orders strings in reverse code-point order."""
    return (*(-b for b in text.encode()), 1)
