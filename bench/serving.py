"""Requests per second of the portal's home, body and meeting pages next to a bare `wagtail start` page, over HTTP.

Run: .venv/bin/python bench/serving.py [--seconds 5] [--connections 16] [--database-url …] [--cache-url …]
Builds, in a temporary folder and with this virtualenv: the portal with demo-sized content (a body with 60
meetings and 30 members, a meeting with 40 agenda items) and a fresh `wagtail start` project. Serves each with
gunicorn (2 workers, production settings, DEBUG off) on 127.0.0.1 and runs wrk for a few seconds per URL.
Prints req/s, errors and each page's ratio to the bare page (measured before and after, averaged).
Target: home, body and meeting at least 1.00 x the bare page, with zero errors. Needs wrk (apt-get install -y wrk).
Only 127.0.0.1 is ever contacted; every run is bounded by --seconds per URL.
"""

import os
import sys

# Keep this folder off the import path, so its scripts never shadow installed packages.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
TARGETS = ("home", "body", "meeting")


def build_content():
    """Runs inside the portal's environment: makes the content and prints its URLs as JSON."""
    import datetime as dt

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.utils import timezone

    from tests import factories as f

    home = f.home_page()
    body = f.body(title="Kommunalt erhvervsnetværk", short_name="N17")
    now = timezone.now()
    for i in range(30):
        f.membership(f.person(name=f"Medlem {i}"), body)
    for i in range(60):
        f.meeting(body, start=now + dt.timedelta(days=i - 30, hours=1))
    meeting = f.meeting(body, start=now + dt.timedelta(days=3), items=40, closed=(7,))
    archive = f.memo_archive()
    memo = f.memo(archive)
    print(json.dumps({"home": home.url, "body": body.url, "meeting": meeting.url, "memo": memo.url}))


def free_port():
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command, env, cwd, quiet=True):
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, command))}\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result.stdout


def wait_until_up(url, headers, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    sys.exit(f"server at {url} did not answer 200 within {timeout}s")


def warm(url, headers, count=20):
    for _ in range(count):
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
            assert response.status == 200, (url, response.status)
            response.read()


def wrk(url, headers, seconds, connections):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=False, timeout=seconds + 30).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(n) for n in match.groups())
    return rate, errors


def prepare_portal(folder, database_url, cache_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url or f"sqlite:///{folder / 'portal.sqlite3'}",
        "STATIC_ROOT": str(folder / "portal-static"),
        "MEDIA_ROOT": str(folder / "portal-media"),
        "PORTAL_CACHE_GENERATION_FILE": str(folder / "portal-cache-generation"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    if cache_url:
        env["CACHE_URL"] = cache_url
        env["CACHE_KEY_PREFIX"] = f"bench-{os.getpid()}"
    python = str(VENV_BIN / "python")
    print("portal: migrating, collecting static files, building content …", flush=True)
    run([python, "manage.py", "migrate", "--noinput"], env, ROOT)
    run([python, "manage.py", "collectstatic", "--noinput"], env, ROOT)
    urls = json.loads(run([python, __file__, "--build-content"], env, ROOT).strip().splitlines()[-1])
    return env, urls


def prepare_baseline(folder):
    project = folder / "baseline"
    project.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_"))},
        "DJANGO_SETTINGS_MODULE": "baseline.settings.production",
    }
    print("baseline: wagtail start, migrating, collecting static files …", flush=True)
    run([str(VENV_BIN / "wagtail"), "start", "baseline", str(project)], env, folder)
    (project / "baseline" / "settings" / "local.py").write_text(
        f'SECRET_KEY = "{secrets.token_urlsafe(50)}"\nALLOWED_HOSTS = ["127.0.0.1", "localhost"]\n'
    )
    python = str(VENV_BIN / "python")
    run([python, "manage.py", "migrate", "--noinput"], env, project)
    run([python, "manage.py", "collectstatic", "--noinput"], env, project)
    return env, project


def serve(module, env, cwd, port):
    command = [
        str(VENV_BIN / "gunicorn"),
        f"{module}.wsgi:application",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--chdir",
        str(cwd),
    ]
    return subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="how long wrk runs per URL (default 5)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database-url", default="", help="the portal's database (default: SQLite in a temp folder)")
    parser.add_argument("--cache-url", default="", help="e.g. redis://127.0.0.1:6379/3 (default: local memory)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--build-content", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_content:
        return build_content()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed, so nothing was measured. Install it with: apt-get install -y wrk")
    args.seconds = max(1, min(args.seconds, 60))

    folder = Path(tempfile.mkdtemp(prefix="portal-http-bench-"))
    servers = []
    try:
        portal_env, urls = prepare_portal(folder, args.database_url, args.cache_url)
        baseline_env, baseline_dir = prepare_baseline(folder)
        portal_port, baseline_port = free_port(), free_port()
        servers.append(serve("portal", portal_env, ROOT, portal_port))
        servers.append(serve("baseline", baseline_env, baseline_dir, baseline_port))
        # Production settings redirect plain HTTP to HTTPS; a TLS-terminating proxy would send this header.
        portal_headers = {"X-Forwarded-Proto": "https"}
        baseline_url = f"http://127.0.0.1:{baseline_port}/"
        wait_until_up(f"http://127.0.0.1:{portal_port}{urls['home']}", portal_headers)
        wait_until_up(baseline_url, {})

        results = {}

        def measure(name, url, headers):
            warm(url, headers)
            rate, errors = wrk(url, headers, args.seconds, args.connections)
            print(f"  {name:<16} {rate:>9.0f} req/s  {errors} errors", flush=True)
            return rate, errors

        print(f"wrk: {args.seconds}s per URL, {args.connections} connections, 2 threads", flush=True)
        first = measure("bare wagtail", baseline_url, {})
        for name, path in urls.items():
            results[name] = measure(name, f"http://127.0.0.1:{portal_port}{path}", portal_headers)
        last = measure("bare wagtail", baseline_url, {})
        baseline_rate = (first[0] + last[0]) / 2
        baseline_errors = first[1] + last[1]

        print()
        print(f"{'page':<12} {'req/s':>9} {'errors':>7} {'x bare':>7}")
        print(f"{'bare':<12} {baseline_rate:>9.0f} {baseline_errors:>7} {1:>7.2f}")
        ok = baseline_errors == 0
        for name, (rate, errors) in results.items():
            ratio = rate / baseline_rate
            print(f"{name:<12} {rate:>9.0f} {errors:>7} {ratio:>7.2f}")
            if name in TARGETS:
                ok = ok and ratio >= 1.0 and errors == 0
        worst = min(results[name][0] / baseline_rate for name in TARGETS)
        verdict = "OK" if ok else "BELOW TARGET"
        print(f"worst of home/body/meeting: {worst:.2f} x bare (target ≥ 1.00, zero errors): {verdict}")
        return 0 if ok else 1
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=10)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"kept {folder}")


if __name__ == "__main__":
    sys.exit(main())
