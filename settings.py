"""The app's settings, read from PORTAL_* environment variables once."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "var"


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    public_url: str
    secure_cookies: bool
    data_dir: Path
    pool_min_size: int
    pool_max_size: int
    sign_in_attempts_per_minute: int
    debug: bool

    @property
    def uses_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))


def _secret_key(data_dir: Path) -> str:
    """Every process behind one load balancer must share PORTAL_SECRET_KEY; a single
    machine without it keeps a generated key in the data folder so sessions survive
    restarts."""
    if key := os.environ.get("PORTAL_SECRET_KEY"):
        return key
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_settings() -> Settings:
    data_dir = Path(os.environ.get("PORTAL_DATA_DIR", DEFAULT_DATA_DIR))
    database_url = os.environ.get("PORTAL_DATABASE_URL") or f"sqlite:///{data_dir / 'portal.sqlite3'}"
    public_url = os.environ.get("PORTAL_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    return Settings(
        database_url=database_url,
        secret_key=_secret_key(data_dir),
        public_url=public_url,
        secure_cookies=public_url.startswith("https://"),
        data_dir=data_dir,
        pool_min_size=int(os.environ.get("PORTAL_DB_POOL_MIN", "2")),
        pool_max_size=int(os.environ.get("PORTAL_DB_POOL_MAX", "10")),
        sign_in_attempts_per_minute=int(os.environ.get("PORTAL_SIGN_IN_ATTEMPTS_PER_MINUTE", "10")),
        debug=os.environ.get("PORTAL_DEBUG", "") == "1",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
