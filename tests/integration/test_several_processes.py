"""The deployment SPEC.md describes: several app processes on one PostgreSQL. Access is
decided by the database alone, so a link replaced through one process stops working in
every other process at once."""

import re
import urllib.error
import urllib.request

from tests.servers import admin_output, free_port, running_server, server_environment


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_revocation_holds_in_every_process_at_once(empty_postgres_url, tmp_path):
    first_port, second_port = free_port(), free_port()
    env = server_environment(tmp_path, f"http://127.0.0.1:{first_port}", empty_postgres_url)
    env["PORTAL_SECRET_KEY"] = "shared-by-every-process"
    admin_output(env, "migrate")
    old_link = re.search(r"/portal/(\S+)", admin_output(env, "seed-demo")).group(1)

    with running_server(env, first_port, tmp_path / "first.log") as first, \
            running_server(env, second_port, tmp_path / "second.log") as second:
        assert _status(f"{first}/portal/{old_link}") == _status(f"{second}/portal/{old_link}") == 200

        new_link = re.search(r"/portal/(\S+)", admin_output(env, "seed-demo")).group(1)

        assert _status(f"{first}/portal/{old_link}") == _status(f"{second}/portal/{old_link}") == 404
        assert _status(f"{first}/portal/{new_link}") == _status(f"{second}/portal/{new_link}") == 200
