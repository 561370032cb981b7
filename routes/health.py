"""A liveness and database check for load balancers."""

from litestar import route

from db.tables import Workspace
from routes.rendering import GET_OR_HEAD


@route("/healthz", http_method=GET_OR_HEAD)
async def health() -> dict[str, str]:
    await Workspace.count()
    return {"status": "ok"}
