"""Sign up, log in and log out."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from db.staff_accounts import SESSION_LIFETIME, authenticate, end_session, sign_up, start_session
from db.validation import InvalidInput
from routes.rendering import FormState, form_values
from routes.staff_access import SESSION_COOKIE
from settings import get_settings


# The pages whose POSTs are throttled (see app.py), by path.
SIGN_IN_PAGES = {"/login": "pages/login.html", "/signup": "pages/signup.html"}


def _session_cookie(token: str) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        secure=get_settings().secure_cookies,
        samesite="lax",
        path="/",
    )


def _logged_in(token: str) -> Redirect:
    return Redirect(path="/clients", status_code=303, cookies=[_session_cookie(token)])


@get("/signup", name="signup")
async def signup_page() -> Template:
    return Template(SIGN_IN_PAGES["/signup"], context={"form": FormState()})


@post("/signup")
async def signup(request: Request) -> Template | Redirect:
    values = await form_values(request)
    try:
        user_id = await sign_up(
            values.get("workspace_name", ""), values.get("name", ""), values.get("email", ""), values.get("password", "")
        )
    except InvalidInput as error:
        values.pop("password", None)
        return Template(SIGN_IN_PAGES["/signup"], context={"form": FormState(values, error.errors)}, status_code=422)
    return _logged_in(await start_session(user_id))


@get("/login", name="login")
async def login_page() -> Template:
    return Template(SIGN_IN_PAGES["/login"], context={"form": FormState()})


@post("/login")
async def login(request: Request) -> Template | Redirect:
    values = await form_values(request)
    user_id = await authenticate(values.get("email", ""), values.get("password", ""))
    if user_id is None:
        errors = {"password": "That email and password do not match an account."}
        return Template(
            SIGN_IN_PAGES["/login"], context={"form": FormState({"email": values.get("email", "")}, errors)}, status_code=422
        )
    return _logged_in(await start_session(user_id))


@post("/logout")
async def logout(request: Request) -> Redirect:
    if token := request.cookies.get(SESSION_COOKIE):
        await end_session(token)
    response = Redirect(path="/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@get("/")
async def home(request: Request) -> Redirect:
    return Redirect(path="/clients" if request.cookies.get(SESSION_COOKIE) else "/login", status_code=303)


auth_handlers = [signup_page, signup, login_page, login, logout, home]
