"""The data folder is readable by this account only: the database, its WAL, the keys, the cache.

The embedded setup keeps everything that holds personal data or a secret in one folder
(`settings.DATA_DIR`): the SQLite database with its `-wal` and `-shm` files, `secret_key`,
`research_key`, the cache and any mail folder. `secure_data_dir` runs from settings.py, so in
every process that loads them (`cpi`, `cpi serve` and its gunicorn workers, which fork from it, or
any WSGI server importing `connecting_people.wsgi`) before anything opens the database:

- the process umask becomes 0o077, so every file and folder this process makes from now on is
  the owner's only (the mail folder, exports, the cache);
- the folder is made 0700 and the database file made empty and 0600 if it is not there yet:
  SQLite gives its `-wal` and `-shm` files the main file's permissions, whatever the umask;
- whatever is already in the folder (from an older version, or a copy) is put right: folders
  0700, files 0600.

It imports nothing from Django or the app, since settings.py imports it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

OWNER_ONLY_UMASK = 0o077
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def secure_data_dir(data_dir: Path, *, database: Path | None = None) -> None:
    """Set the umask, make the folder (and the database file) the owner's, fix what is there."""
    os.umask(OWNER_ONLY_UMASK)
    data_dir.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if database is not None and not database.exists():
        database.touch(mode=FILE_MODE)  # an empty file is an empty SQLite database
    restrict(data_dir)


def restrict(folder: Path) -> None:
    """Folders 0700 and files 0600 under `folder`, changing only what others could read."""
    _restrict_one(folder, FOLDER_MODE)
    for root, folders, files in os.walk(folder):
        for name in folders:
            _restrict_one(Path(root) / name, FOLDER_MODE)
        for name in files:
            _restrict_one(Path(root) / name, FILE_MODE)


def _restrict_one(path: Path, mode: int) -> None:
    try:
        current = path.lstat().st_mode
    except FileNotFoundError:  # a cache file removed by another worker meanwhile
        return
    if stat.S_ISLNK(current) or not current & 0o077:
        return
    try:
        path.chmod(stat.S_IMODE(current) & mode)
    except (FileNotFoundError, PermissionError):
        return  # not ours to change (a file put there by another account): leave it
