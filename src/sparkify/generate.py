"""Synthetic Sparkify data in the real layout, deterministic for a seed, streamed to disk.

It keeps the real data's quirks: blank lines between records, logged-out events with
`userId: ""`, users who move between free and paid, a few duplicated events, and many plays
of songs that exist in song_data (so the song match has work to do). Songs are derived from
their index and the seed, so memory does not grow with the number of events.
"""

from __future__ import annotations

import random
import shutil
import string
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson

from sparkify.config import bundled_sample_dir

SAMPLE_SIZE = {"events": 20_000, "songs": 2_000, "days": 30, "seed": 42}
FIRST_DAY = datetime(2018, 11, 1, tzinfo=UTC)
MATCH_SHARE = 0.6  # share of plays that pick a song from song_data
DUPLICATE_SHARE = 0.002
LOGGED_OUT_SHARE = 0.03
MAX_USERS = 5_000  # bounded, so memory does not grow with --events
_FIRST = ["Lily", "Kevin", "Ava", "Noah", "Jizelle", "Isaac", "Mia", "Ethan", "Zoe", "Liam"]
_LAST = ["Koch", "Arellano", "Valdez", "Benjamin", "Smith", "Nguyen", "Garcia", "Kim"]
_CITIES = [
    ("Phoenix-Mesa-Scottsdale, AZ", 33.4, -112.0),
    ("San Francisco-Oakland-Hayward, CA", 37.8, -122.3),
    ("New York-Newark-Jersey City, NY-NJ-PA", 40.7, -74.0),
    ("Chicago-Naperville-Elgin, IL-IN-WI", 41.9, -87.6),
    ("Atlanta-Sandy Springs-Roswell, GA", 33.7, -84.4),
]
_AGENTS = [
    '"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 Chrome/36.0.1985.143"',
    '"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.78.2 Safari/537.78.2"',
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:31.0) Gecko/20100101 Firefox/31.0",
]
_PAGES = ["Home", "Settings", "Thumbs Up", "Add to Playlist", "Logout", "About"]


@dataclass(frozen=True)
class Song:
    track_id: str
    song_id: str
    title: str
    duration: float
    year: int
    artist_id: str
    artist_name: str
    artist_location: str
    latitude: float | None
    longitude: float | None


def _code(rng: random.Random, prefix: str, length: int = 16) -> str:
    return prefix + "".join(rng.choices(string.ascii_uppercase + string.digits, k=length))


def song(seed: int, index: int, artists: int) -> Song:
    """Song number `index`: the same for the same seed, whoever asks."""
    rng = random.Random(f"{seed}:song:{index}")
    artist = random.Random(f"{seed}:artist:{index % artists}")
    city, lat, lon = artist.choice(_CITIES)
    located = artist.random() < 0.7
    word = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9))).title()
    return Song(
        track_id=_code(rng, "TR"),
        song_id=_code(rng, "SO"),
        title=f"{word} {index}",
        duration=round(rng.uniform(90, 420), 5),
        year=rng.choice([0, rng.randint(1960, 2018)]),
        artist_id=_code(artist, "AR"),
        artist_name=f"The {''.join(artist.choices(string.ascii_lowercase, k=6)).title()}s",
        artist_location=city if located else "",
        latitude=lat if located else None,
        longitude=lon if located else None,
    )


def write_songs(out: Path, songs: int, seed: int) -> None:
    artists = max(1, songs * 2 // 3)
    for index in range(songs):
        item = song(seed, index, artists)
        folder = out / "song_data" / item.track_id[2] / item.track_id[3] / item.track_id[4]
        folder.mkdir(parents=True, exist_ok=True)
        record = {
            "num_songs": 1,
            "artist_id": item.artist_id,
            "artist_latitude": item.latitude,
            "artist_longitude": item.longitude,
            "artist_location": item.artist_location,
            "artist_name": item.artist_name,
            "song_id": item.song_id,
            "title": item.title,
            "duration": item.duration,
            "year": item.year,
        }
        (folder / f"{item.track_id}.json").write_bytes(orjson.dumps(record))


@dataclass
class _User:
    user_id: int
    first: str
    last: str
    gender: str
    level: str
    city: str
    agent: str
    registration: float
    session: int = 0
    item: int = 0


def write_events(
    out: Path, events: int, songs: int, days: int, seed: int, first_day: datetime = FIRST_DAY
) -> None:
    rng = random.Random(f"{seed}:events")
    artists = max(1, songs * 2 // 3)
    users = [
        _User(
            user_id=n,
            first=rng.choice(_FIRST),
            last=rng.choice(_LAST),
            gender=rng.choice("MF"),
            level=rng.choice(["free", "free", "paid"]),
            city=rng.choice(_CITIES)[0],
            agent=rng.choice(_AGENTS),
            registration=float(1540000000000 + rng.randint(0, 10**9)),
        )
        for n in range(1, min(max(10, events // 250), MAX_USERS) + 1)
    ]
    per_day, extra = divmod(events, days)
    session_ids = iter(range(1, 10**12))
    for day_index in range(days):
        day = first_day + timedelta(days=day_index)
        count = per_day + (1 if day_index < extra else 0)
        folder = out / "log_data" / f"{day:%Y}" / f"{day:%m}"
        folder.mkdir(parents=True, exist_ok=True)
        gap = max(1, 80_000_000 // max(count, 1))  # a day of events ends before midnight
        ts = int(day.timestamp() * 1000)
        with open(folder / f"{day:%Y-%m-%d}-events.json", "wb") as handle:
            previous = b""
            for _ in range(count):
                ts += rng.randint(1, 2 * gap)
                user = rng.choice(users)
                if user.item == 0 or rng.random() < 0.05:
                    user.session, user.item = next(session_ids), 0
                line = _event(rng, user, ts, seed, songs, artists)
                user.item += 1
                handle.write(line + b"\n")
                if previous and rng.random() < DUPLICATE_SHARE:
                    handle.write(previous + b"\n")
                if day_index == 0 and rng.random() < 0.5:
                    handle.write(b"\n")  # the real first day has blank lines between records
                previous = line


def _event(rng: random.Random, user: _User, ts: int, seed: int, songs: int, artists: int) -> bytes:
    logged_out = rng.random() < LOGGED_OUT_SHARE
    if rng.random() < 0.01:
        user.level = "paid" if user.level == "free" else "free"
    page = "NextSong" if not logged_out and rng.random() < 0.8 else rng.choice(_PAGES)
    artist = title = length = None
    if page == "NextSong":
        if songs and rng.random() < MATCH_SHARE:
            played = song(seed, rng.randrange(songs), artists)
            artist, title, length = played.artist_name, played.title, played.duration
        else:
            artist = f"Unknown Band {rng.randint(1, 500)}"
            title = f"Unknown Song {rng.randint(1, 5000)}"
            length = round(rng.uniform(90, 420), 5)
    record = {
        "artist": artist,
        "auth": "Logged Out" if logged_out else "Logged In",
        "firstName": None if logged_out else user.first,
        "gender": None if logged_out else user.gender,
        "itemInSession": user.item,
        "lastName": None if logged_out else user.last,
        "length": length,
        "level": user.level,
        "location": None if logged_out else user.city,
        "method": "PUT" if page == "NextSong" else "GET",
        "page": page,
        "registration": None if logged_out else user.registration,
        "sessionId": user.session,
        "song": title,
        "status": 200,
        "ts": ts,
        "userAgent": None if logged_out else user.agent,
        "userId": "" if logged_out else str(user.user_id),
    }
    return orjson.dumps(record)


def generate(
    out: Path, *, events: int, songs: int, days: int, seed: int, first_day: date | None = None
) -> None:
    """Write song_data/ and log_data/ under `out`; event days start at `first_day`."""
    if days < 1 or events < 0 or songs < 0:
        raise ValueError("events and songs must be >= 0 and days >= 1")
    out.mkdir(parents=True, exist_ok=True)
    write_songs(out, songs, seed)
    start = FIRST_DAY if first_day is None else datetime(*first_day.timetuple()[:3], tzinfo=UTC)
    write_events(out, events, songs, days, seed, start)


def bundled_sample() -> Path:
    """The default source: generated once into the state folder, then reused."""
    target = bundled_sample_dir()
    if (target / ".complete").exists():
        return target
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    generate(
        staging,
        events=SAMPLE_SIZE["events"],
        songs=SAMPLE_SIZE["songs"],
        days=SAMPLE_SIZE["days"],
        seed=SAMPLE_SIZE["seed"],
    )
    (staging / ".complete").touch()
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target
