"""Instance files are private to the user running XRM (issue 13, finding 6: readable by every local user)."""

from __future__ import annotations

import os
import stat


def test_the_instance_folder_and_what_is_written_in_it_are_private(tmp_path, monkeypatch):
    import settings
    from data import opstore

    folder = tmp_path / "inst"
    folder.mkdir(mode=0o755)
    monkeypatch.setenv("XRM_INSTANCE", str(folder))
    assert stat.S_IMODE(settings.instance_dir().stat().st_mode) == 0o700  # an existing open folder is closed
    url = f"sqlite:///{folder / 'store.sqlite'}"
    opstore.engine(url)
    version = folder / "w.versions"
    version.mkdir()
    (version / "x.duckdb").write_bytes(b"data")
    for path in (folder / "store.sqlite", version / "x.duckdb"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(version.stat().st_mode) == 0o700
    assert os.umask(0o077) == 0o077  # the process keeps creating private files
