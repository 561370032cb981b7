"""The app factory: settings, plugins, middleware, templates, static files, error handlers
and the database's lifespan. `uvicorn app:app` serves it; `litestar portal ...` administers it."""

from __future__ import annotations

import logging
from pathlib import Path

from litestar import Litestar, Request, Router
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader
from litestar.di import Provide
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.plugins import CLIPluginProtocol
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from litestar_htmx import HTMXPlugin

import db.engine
from routes.errors import exception_handlers
from routes.health import health
from routes.log_redaction import redact_tokens_in_logs
from routes.portal import portal_handlers
from routes.rendering import ids_written_plainly
from routes.security_headers import add_security_headers
from routes.staff_access import current_actor
from routes.staff_auth import SIGN_IN_PAGES, auth_handlers
from routes.staff_clients import client_handlers
from routes.staff_projects import project_handlers
from routes.staff_proposals import proposal_handlers
from routes.staff_settings import settings_handlers
from routes.template_helpers import install_template_helpers
from settings import PROJECT_ROOT, Settings, get_settings


class AdminCommands(CLIPluginProtocol):
    def on_cli_init(self, cli) -> None:
        from commands import portal_group

        cli.add_command(portal_group)


def is_sign_in_attempt(request: Request) -> bool:
    return request.method == "POST" and request.url.path in SIGN_IN_PAGES


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    redact_tokens_in_logs()
    # Piccolo announces the SQLite version at every start; nothing to act on.
    logging.getLogger("piccolo").setLevel(logging.WARNING)

    staff = Router(
        path="/",
        route_handlers=[*client_handlers, *project_handlers, *proposal_handlers, *settings_handlers],
        dependencies={"actor": Provide(current_actor)},
    )
    static = create_static_files_router(
        path="/static",
        directories=[PROJECT_ROOT / "static"],
        cache_control=CacheControlHeader(max_age=3600, public=True),
    )

    async def open_database() -> None:
        await db.engine.start(settings)

    return Litestar(
        route_handlers=[*auth_handlers, *portal_handlers, health, staff, static],
        plugins=[HTMXPlugin(), AdminCommands()],
        before_send=[add_security_headers],
        before_request=ids_written_plainly,
        # Slows password guessing per client address. The counts live in each process;
        # they throttle, they never grant access, so that is safe behind a load balancer.
        middleware=[
            RateLimitConfig(
                rate_limit=("minute", settings.sign_in_attempts_per_minute),
                check_throttle_handler=is_sign_in_attempt,
                set_rate_limit_headers=False,
            ).middleware
        ],
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name="portal_csrf",
            cookie_secure=settings.secure_cookies,
            cookie_samesite="lax",
            cookie_httponly=True,
            # Assets are cacheable; a cookie on them could be cached and shared. Anchored:
            # the pattern is searched anywhere in the path.
            exclude=["^/static/"],
        ),
        template_config=TemplateConfig(
            directory=Path(PROJECT_ROOT / "components"),
            engine=JinjaTemplateEngine,
            engine_callback=install_template_helpers,
        ),
        exception_handlers=exception_handlers,
        on_startup=[open_database],
        on_shutdown=[db.engine.stop],
        debug=settings.debug,
        openapi_config=None,
    )


app = create_app()
