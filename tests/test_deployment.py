"""The deployment recipe of docs/operations.md holds together: compose.yaml, the systemd units,
the nginx site, the scheduled commands and the settings file name only commands and settings
that exist, the web service is gunicorn with several workers behind the proxy, and one round
of the scheduled commands runs for real. The layout itself (gunicorn, its workers, the task
worker, PostgreSQL) is exercised under load by ``make load`` (bench/README.md)."""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
SCHEDULE = (DEPLOY / "schedule").read_text(encoding="utf-8")
ROUNDS = ("minute", "ten-minutes", "hourly", "nightly")


def code_text() -> str:
    """Every place a setting can be read: the settings, the application, the deploy files."""
    parts = [(ROOT / "config" / "settings.py").read_text(encoding="utf-8")]
    parts += [path.read_text(encoding="utf-8") for path in (ROOT / "palabre").rglob("*.py")]
    return "\n".join(parts)


def read_by_the_code(name: str, code: str) -> bool:
    return re.search(rf"[\"']{name}[\"']", code) is not None


def manage_commands(text: str) -> set[str]:
    return set(re.findall(r"manage\.py\s+([a-z_]+)", text))


def units() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SYSTEMD.iterdir())}


def test_compose_has_the_services_of_the_recipe():
    services = COMPOSE["services"]
    assert set(services) == {"postgres", "migrate", "app", "worker", "scheduler", "proxy"}
    assert services["postgres"]["image"].startswith("postgres:")
    app = " ".join(services["app"]["command"])
    assert "gunicorn config.wsgi:application" in app and "--workers=" in app
    assert services["worker"]["command"][:3] == ["python", "manage.py", "db_worker"]
    assert services["scheduler"]["command"] == ["bash", "deploy/schedule", "loop"]
    # Only the proxy is published; it forwards to the app, which serves /static/ (whitenoise).
    published = [name for name, service in services.items() if service.get("ports")]
    assert published == ["proxy"]
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert "reverse_proxy app:8000" in caddyfile
    middleware = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in middleware
    for name in ("migrate", "app", "worker", "scheduler"):
        assert services[name]["image"] == "palabre:latest"
        assert services[name]["environment"]["BEHIND_PROXY"] == "1"
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")
    for name in ("app", "worker", "scheduler"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )


def test_compose_and_the_container_run_real_commands_and_settings():
    known = set(get_commands())
    compose_text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    commands = {
        service["command"][2]
        for service in COMPOSE["services"].values()
        if isinstance(service.get("command"), list) and service["command"][1:2] == ["manage.py"]
    }
    assert commands == {"migrate", "db_worker"} and commands <= known
    code = code_text()
    for service in COMPOSE["services"].values():
        for name in service.get("environment", {}):
            if not name.startswith("POSTGRES_") and name != "PALABRE_DOMAIN":
                assert read_by_the_code(name, code), f"{name} is read by no setting"
    containerfile = (ROOT / "Containerfile").read_text(encoding="utf-8")
    assert "uv sync --locked --no-dev" in containerfile
    assert manage_commands(containerfile) <= known
    assert "postgresql-client" in containerfile  # manage.py backup needs pg_dump
    assert "${PALABRE_KEK_PATH" in compose_text  # the key is mounted, never built in


def test_every_setting_of_the_example_file_is_read():
    code = code_text() + (ROOT / "compose.yaml").read_text(encoding="utf-8") + SCHEDULE
    example = (DEPLOY / "palabre.env.example").read_text(encoding="utf-8")
    names = re.findall(r"^([A-Z][A-Z0-9_]+)=", example, re.M)
    assert {"SECRET_KEY", "DATABASE_URL", "PALABRE_KEK_FILE", "BEHIND_PROXY"} <= set(names)
    for name in names:
        assert re.search(rf"\b{name}\b", code), f"{name} is never read"


def test_the_scheduled_commands_exist():
    known = set(get_commands())
    named = set(re.findall(r"^\s*run ([a-z_]+)", SCHEDULE, re.M))
    assert {"send_safety_alerts", "send_notices", "backup", "apply_retention"} <= named
    assert named <= known, named - known
    # The rounds the timers start are those the script knows.
    for round_name in ROUNDS:
        assert f"\n  {round_name}) " in SCHEDULE
    result = subprocess.run(
        ["bash", str(DEPLOY / "schedule"), "weekly"], capture_output=True, text=True
    )
    assert result.returncode == 2 and "usage" in result.stderr


def test_the_systemd_units_start_real_commands():
    known = set(get_commands())
    found = units()
    web = found["palabre-web.service"]
    assert "gunicorn config.wsgi:application --bind 127.0.0.1:8000 --workers" in web
    assert manage_commands(found["palabre-worker.service"]) == {"db_worker"}
    assert "ExecStart=/srv/palabre/deploy/schedule %i" in found["palabre-schedule@.service"]
    for round_name in ROUNDS:
        timer = found[f"palabre-{round_name}.timer"]
        assert f"Unit=palabre-schedule@{round_name}.service" in timer
    for name, text in found.items():
        assert manage_commands(text) <= known, name
        for line in re.findall(r"^ExecStart=(.*)$", text, re.M):
            assert shlex.split(line)[0].startswith("/srv/palabre/"), name


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze absent")
def test_systemd_accepts_the_units(tmp_path):
    """``systemd-analyze verify`` on the units, the install folder being this checkout."""
    env_file = tmp_path / "env"
    env_file.write_text("DEBUG=1\n")
    for name, text in units().items():
        text = text.replace("/srv/palabre/.env", str(env_file))
        text = text.replace("/srv/palabre", str(ROOT))
        text = re.sub(r"^(User|Group)=.*\n", "", text, flags=re.M)
        (tmp_path / name).write_text(text, encoding="utf-8")
    for name in units():
        result = subprocess.run(
            ["systemd-analyze", "verify", "--man=no", str(tmp_path / name)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert result.returncode == 0 and not result.stderr.strip(), (name, result.stderr)


def test_nginx_serves_the_static_files_and_passes_the_visitor_on():
    site = (DEPLOY / "nginx" / "palabre.conf").read_text(encoding="utf-8")
    assert "alias /srv/palabre/var/staticfiles/;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in site
    assert "media" not in re.sub(r"#.*", "", site)  # uploads are served by Palabre only
    web = units()["palabre-web.service"]
    assert "server 127.0.0.1:8000;" in site and "--bind 127.0.0.1:8000" in web


@pytest.mark.sqlite_only  # the round runs in other processes, on this run's SQLite file
@pytest.mark.django_db(transaction=True)
def test_a_nightly_round_runs_and_leaves_a_backup(tmp_path):
    backups = tmp_path / "backups"
    env = {
        **os.environ,
        "PALABRE_DB_PATH": str(connection.settings_dict["NAME"]),
        "PALABRE_BACKUP_DIR": str(backups),
        "PALABRE_PYTHON": sys.executable,
        "PALABRE_TESTING": "0",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        ["bash", str(DEPLOY / "schedule"), "nightly"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0 and "a échoué" not in result.stderr, result.stderr
    assert [path.suffix for path in backups.iterdir()] == [".sqlite3"]
