"""Piccolo's configuration: the engine comes from PORTAL_DATABASE_URL (SQLite by default)."""

from piccolo.conf.apps import AppRegistry

from db.engine import engine_for
from settings import get_settings

DB = engine_for(get_settings().database_url)

APP_REGISTRY = AppRegistry(apps=["db.piccolo_app"])
