"""A liveness and database check for load balancers."""

from litestar import get

from db.tables import Workspace


@get("/healthz")
async def health() -> dict[str, str]:
    await Workspace.count()
    return {"status": "ok"}
