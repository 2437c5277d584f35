"""The embedded server's list of its users survives a command killed while writing it."""

from __future__ import annotations

from pathlib import Path

from sparkify.embedded import embedded_url, stop_embedded


def test_a_user_list_left_empty_by_a_killed_command_does_not_stop_the_next(
    tmp_path: Path,
) -> None:
    home = tmp_path / "state"
    embedded_url(home)
    users = home / "pgdata" / ".handle_pids.json"
    try:
        users.write_text("")  # as a command killed between truncating and writing leaves it
        assert "/sparkify?" in embedded_url(home)
        assert users.read_text().startswith("[")
    finally:
        stop_embedded(home)
