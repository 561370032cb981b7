"""Staff: workspace settings."""

from __future__ import annotations

from dataclasses import replace

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from db.plans import PLAN_LABELS
from db.portal_links import clients_with_active_link
from db.tenancy import StaffActor
from db.validation import InvalidInput
from db.workspaces import OwnerOnly, update_workspace
from routes.rendering import VARY, FormState, form_values, page_or_fragment, wants_fragment


def _current_values(actor: StaffActor) -> dict[str, str]:
    return {"name": actor.workspace_name, "brand_colour": actor.brand_colour, "plan": actor.plan}


async def _settings_answer(
    request: Request, actor: StaffActor, form: FormState, status_code: int = 200, saved: bool = False
) -> Template:
    context = {
        "actor": actor,
        "form": form,
        "plans": PLAN_LABELS,
        "saved": saved,
        # Links a move to Free would pause, so the form can say so before and after.
        "working_links": len(await clients_with_active_link(actor.workspace_id)),
    }
    return page_or_fragment(request, "pages/settings.html", "fragments/settings_form.html", context, status_code)


@get("/settings")
async def settings_page(request: Request, actor: NamedDependency[StaffActor], saved: FromQuery[bool] = False) -> Template:
    return await _settings_answer(request, actor, FormState(_current_values(actor)), saved=saved)


@post("/settings")
async def save_settings(request: Request, actor: NamedDependency[StaffActor]) -> Template | Redirect:
    values = await form_values(request)
    try:
        await update_workspace(actor, values.get("name", ""), values.get("brand_colour", ""), values.get("plan", ""))
    except InvalidInput as error:
        return await _settings_answer(request, actor, FormState(values, error.errors), status_code=422)
    except OwnerOnly as refusal:
        return await _settings_answer(request, actor, FormState(values, {"name": str(refusal)}), status_code=403)
    if not wants_fragment(request):
        return Redirect(path="/settings?saved=true", status_code=303, headers=VARY)
    saved = replace(actor, workspace_name=values["name"].strip(), brand_colour=values["brand_colour"].strip().lower(), plan=values["plan"])
    return await _settings_answer(request, saved, FormState(_current_values(saved)), saved=True)


settings_handlers = [settings_page, save_settings]
