"""Every key page of every role, timed against a floor, at a tenth of the data and at all of it;
then a deadline rush. Figures, not assertions.

For each size: a PostgreSQL database of its own is made and migrated, ``bench.dataset`` fills it
in bulk, gunicorn (2 workers) serves it with the production settings (``bench.settings``: the same,
plus the floor view and the X-Bench-* headers: queries, time waiting for SQL and in the worker,
memory), and each page is requested ``--repeat`` times, each time right after the floor (a bare
view doing one indexed query), one request at a time, once every page has been asked
``--warmup`` times (a worker that has served a while: PostgreSQL settles on a prepared
statement's plan only after its first runs on a connection). Printed per page: median and p90
milliseconds, the ratio of the medians to the floor's, response bytes, SQL queries, the workers'
peak memory after the run, and where the worker spent the larger size's median: waiting for the
database, and in Python (what is left of the median is HTTP). At the larger size the deadline
rush follows: ``--rush`` teachers (distinct accounts, ``--concurrency`` at a time) log in, 儲存
their complete draft, upload the signed PDFs and 送出; the database is then checked for lost or
duplicated writes. The databases are dropped at the end (``--keep`` keeps them).

    .venv/bin/python bench/run.py                   # scale 0.01 and its tenth (a few minutes)
    .venv/bin/python bench/run.py --scale 1         # national: 30,000 applications
"""

import argparse
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SERVER = "postgres://postgres@127.0.0.1:5432"
STATIC_ROOT = ""  # the run's collected static files (set by main)


# --- a browser's part: forms as loaded, cookies, CSRF ------------------------------------------


class FormReader(HTMLParser):
    """The POST forms of a page with what a browser would send for each, as loaded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": []}  # fmt: skip
            self.forms.append(self._form)
        if self._form is None or "name" not in a and tag != "option":
            return
        fields = self._form["fields"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = {"name": a["name"], "first": None, "chosen": [], "multiple": "multiple" in a}  # fmt: skip
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea":
            self._textarea = [a["name"], ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            s = self._select
            values = s["chosen"] or ([] if s["multiple"] or s["first"] is None else [s["first"]])
            self._form["fields"] += [(s["name"], v) for v in values]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def post_form(html: str, *, having: str) -> list[tuple[str, str]]:
    """The fields of the page's POST form that has a field named ``having``."""
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        if form["method"] == "post" and any(name == having for name, _v in form["fields"]):
            return form["fields"]
    raise LookupError(f"no POST form with {having!r}")


@dataclass
class Hit:
    seconds: float
    status: int
    size: int
    queries: int | None
    memory: int | None = None  # the worker's resident MB once it had answered
    sql_ms: float | None = None  # waiting for the database, in the worker
    server_ms: float | None = None  # the whole request, in the worker


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()

    def csrf(self) -> str:
        return self.session.cookies.get("csrftoken", "")

    def request(self, method: str, path: str, **kwargs) -> tuple[Hit, requests.Response]:
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 600)
        if method == "POST":
            kwargs.setdefault("headers", {})["Referer"] = self.base + path
        started = time.perf_counter()
        response = self.session.request(method, self.base + path, **kwargs)
        seconds = time.perf_counter() - started
        queries = response.headers.get("X-Bench-Queries")
        memory = response.headers.get("X-Bench-Memory")
        sql_ms = response.headers.get("X-Bench-SQL-Ms")
        server_ms = response.headers.get("X-Bench-Server-Ms")
        hit = Hit(
            seconds,
            response.status_code,
            len(response.content),
            queries and int(queries),
            memory and int(memory),
            sql_ms and float(sql_ms),
            server_ms and float(server_ms),
        )
        return hit, response

    def login(self, username: str, password: str, codes: list[str] | None = None) -> Hit:
        self.request("GET", "/accounts/login/")
        hit, _r = self.request(
            "POST",
            "/accounts/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": self.csrf()},
        )
        if hit.status != 302:
            raise RuntimeError(f"login of {username} answered {hit.status}")
        if codes:  # 兩步驟驗證 of center staff and reviewers, with one of the account's codes
            self.request("GET", "/accounts/2fa/verify/")
            second, _r = self.request(
                "POST",
                "/accounts/2fa/verify/",
                data={"token": codes.pop(), "csrfmiddlewaretoken": self.csrf()},
            )
            if second.status != 302:
                raise RuntimeError(f"second factor of {username} answered {second.status}")
        return hit


# --- the server -------------------------------------------------------------------------------


def database_url(name: str) -> str:
    return f"{SERVER}/{name}"


def admin_sql(sql: str) -> None:
    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        connection.execute(sql)


def environment(name: str, port: int, storage: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url(name),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "PRIVATE_STORAGE_ROOT": str(storage),
        "DJANGO_STATIC_ROOT": STATIC_ROOT,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "2525",
    }


def worker_pids(master: int) -> list[int]:
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in text.split()]


def memory_mb(pid: int) -> tuple[float, float]:
    """(now, peak) resident memory of a process in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, rest = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


class Server:
    def __init__(self, env: dict, port: int, log):
        self.env, self.port, self.log = env, port, log  # the server's own log lines go to a file
        self.base = f"http://127.0.0.1:{port}"
        self.process = None

    def __enter__(self):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise RuntimeError(f"port {self.port} is taken: give another with --port")
        self.process = subprocess.Popen(
            [GUNICORN, "config.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{self.port}",
             "--timeout", "300", "--graceful-timeout", "5", "--backlog", "2048",
             "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        for _ in range(600):  # a busy machine may take a minute to start the workers
            try:
                requests.get(self.base + "/bench/floor/", timeout=30)
                return self
            except requests.RequestException:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def memory(self) -> tuple[float, float]:
        """The largest worker's memory now and its peak, in MB."""
        figures = [memory_mb(pid) for pid in worker_pids(self.process.pid)]
        return max((f[0] for f in figures), default=0.0), max((f[1] for f in figures), default=0.0)

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- the pages --------------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    role: str
    path: str
    method: str = "GET"
    prepare: str = ""  # how a POST's data is made: "plan" (the form as loaded), "submit"
    samples: list = field(default_factory=list)


def pages_for(t: dict) -> list[Page]:
    draft, review = t["draft"], t["review_application"]
    report, forwarded = t["report_draft"], t["report_forwarded"]
    school = t["school_pk"]
    return [
        Page("中心 儀表板", "center", "/center/"),
        Page("中心 儀表板 立即重新統計", "center", "/center/?fresh=1"),
        Page("中心 申請案件列表", "center", "/center/applications/"),
        Page("中心 指定審查 (待指定)", "center", "/center/applications/?status=sent_to_center"),
        Page("中心 案件查詢", "center", "/school/cases/"),
        Page("中心 申請總表 (一校)", "center", f"/school/applications/?school={school}"),
        Page("學校 申請總表", "school", "/school/applications/"),
        Page("學校 申請總表 xlsx", "school", "/school/applications/xlsx/"),
        Page("學校 經費總表", "school", "/school/budget/"),
        Page("學校 經費總表 xlsx", "school", "/school/budget/xlsx/"),
        Page("學校 申請總表 PDF", "school", "/print/school/applications/"),
        Page("學校 案件查詢", "school", "/school/cases/"),
        Page("教師 社群申請書", "teacher", f"/community/{draft}/form/"),
        Page("教師 社群申請書 儲存", "teacher", f"/community/{draft}/form/", "POST", "plan"),
        Page("教師 經費概算表", "teacher", f"/community/{draft}/budget/"),
        Page("教師 流程進度", "teacher", f"/community/{draft}/"),
        Page("教師 社群計畫查詢", "teacher", "/community/mine/"),
        # The least a signed-in page costs: a menu, the header and nothing else to read.
        Page("教師 功能專區", "teacher", "/functions/"),
        Page("教師 申請表 PDF", "teacher", f"/print/applications/{draft}/plan/"),
        Page("教師 經費概算表 PDF", "teacher", f"/print/applications/{draft}/budget/"),
        Page("教師 送出", "teacher", "/community/{pk}/submit/", "POST", "submit"),
        Page("審查委員 審查案件", "reviewer", "/reviews/"),
        Page("審查委員 審查表", "reviewer", f"/reviews/{review}/"),
        Page("教師 成果報告書", "reporter", f"/outcomes/{report}/"),
        Page("教師 成果報告書 儲存", "reporter", f"/outcomes/{report}/", "POST", "plan"),
        Page("學校 成果報告", "school", "/outcomes/"),
        Page("學校 研習時數", "school", "/outcomes/hours/"),
        Page("中心 成果報告 (待結案)", "center", "/outcomes/?status=report_forwarded"),
        Page("中心 審核結案", "center", f"/outcomes/{forwarded}/check/"),
        Page("中心 研習時數", "center", "/outcomes/hours/"),
    ]


def save_as_loaded(browser: "Browser", path: str) -> Hit:
    """儲存 of the form at ``path`` with what it holds as loaded."""
    _h, loaded = browser.request("GET", path)
    data = [(n, v) for n, v in post_form(loaded.text, having="page") if n != "action"]
    hit, _r = browser.request("POST", path, data=[*data, ("action", "save")])
    return hit


def warm_up(browsers: dict, floor_browser: "Browser", pages: list[Page], times: int) -> None:
    """Each page but 送出 (which takes a new draft each time) asked ``times`` times, and the
    floor: PostgreSQL plans a prepared statement again on each of its first five runs on a
    connection before it may keep one plan, and each worker has its own connection, so a
    worker's first requests of a page are slower than the ones it serves once it has run."""
    for _ in range(times):
        floor_browser.request("GET", "/bench/floor/")
        for page in pages:
            browser = browsers[page.role]
            if page.prepare == "plan":
                save_as_loaded(browser, page.path)
            elif not page.prepare:
                browser.request(page.method, page.path)


def measure(
    server: Server, targets: dict, repeat: int, warmup: int = 0
) -> tuple[list[Page], list[Hit]]:
    browsers = {}
    for role in ("center", "school", "teacher", "reviewer", "reporter"):
        browsers[role] = Browser(server.base)
        browsers[role].login(
            targets[role], targets["password"], targets.get("codes", {}).get(targets[role])
        )
    floor_browser = Browser(server.base)
    pages = pages_for(targets)
    to_submit = list(targets["to_submit"])
    floor: list[Hit] = []
    warm_up(browsers, floor_browser, pages, warmup)
    for round_ in range(repeat + 1):  # the first round warms up, and is not counted
        for page in pages:
            hit, _r = floor_browser.request("GET", "/bench/floor/")
            if round_:
                floor.append(hit)
            browser = browsers[page.role]
            if page.prepare == "plan":
                hit = save_as_loaded(browser, page.path)
                expected = {302}
            elif page.prepare == "submit":
                username, pk = to_submit.pop()
                browser = Browser(server.base)
                browser.login(username, targets["password"])
                path = page.path.format(pk=pk)
                hit, _r = browser.request(
                    "POST", path, data={"csrfmiddlewaretoken": browser.csrf(), "confirm": "1"}
                )
                expected = {302}
            else:
                hit, _r = browser.request(page.method, page.path)
                expected = {200}
            if hit.status not in expected:
                print(f"  ! {page.label}: {hit.status}", flush=True)
            if round_:
                page.samples.append(hit)
    return pages, floor


# The center's exports of the whole year (every school): long files, asked once each.
EXPORTS = [
    ("中心 申請案件列表 xlsx (全部)", "/center/applications/xlsx/"),
    ("中心 研習時數 xlsx (全部)", "/outcomes/hours.xlsx"),
]


def measure_exports(server: Server, targets: dict) -> list[tuple[str, Hit]]:
    browser = Browser(server.base)
    browser.login(targets["center"], targets["password"], targets["codes"].get(targets["center"]))
    hits = []
    for label, path in EXPORTS:
        hit, _r = browser.request("GET", path)
        if hit.status != 200:
            print(f"  ! {label}: {hit.status}", flush=True)
        hits.append((label, hit))
    return hits


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --- the deadline rush ------------------------------------------------------------------------


def rush(server: Server, targets: dict, concurrency: int, pdf: bytes) -> dict:
    statuses: Counter = Counter()
    errors: Counter = Counter()
    requests_made = 0

    def one(entry):
        nonlocal requests_made
        username, pk = entry
        browser = Browser(server.base)
        steps = []

        def step(expected, method, path, **kwargs):
            nonlocal requests_made
            try:
                hit, response = browser.request(method, path, **kwargs)
            except requests.RequestException as error:
                errors[type(error).__name__] += 1
                raise
            requests_made += 1
            statuses[hit.status] += 1
            steps.append(hit.status)
            if hit.status != expected:
                where = re.sub(r"/\d+/", "/N/", path)
                errors[f"{method} {where} → {hit.status}"] += 1
                raise RuntimeError(hit.status)
            return response

        try:
            step(200, "GET", "/accounts/login/")
            step(302, "POST", "/accounts/login/", data={
                "username": username, "password": targets["password"],
                "csrfmiddlewaretoken": browser.csrf()})  # fmt: skip
            loaded = step(200, "GET", f"/community/{pk}/form/")
            data = [(n, v) for n, v in post_form(loaded.text, having="page") if n != "action"]
            step(302, "POST", f"/community/{pk}/form/", data=[*data, ("action", "save")])
            for form in ("plan", "budget"):
                step(302, "POST", f"/community/{pk}/documents/{form}/upload/",
                     data={"csrfmiddlewaretoken": browser.csrf()},
                     files={"file": ("signed.pdf", pdf, "application/pdf")})  # fmt: skip
            done = step(302, "POST", f"/community/{pk}/submit/", data={"csrfmiddlewaretoken": browser.csrf(), "confirm": "1"})  # fmt: skip
            return done.headers.get("Location", "").rstrip("/").endswith(f"/community/{pk}")
        except (RuntimeError, requests.RequestException):
            return False

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, targets["rush"]))
    seconds = time.perf_counter() - started
    return {
        "teachers": len(results),
        "successes": sum(results),
        "statuses": dict(statuses),
        "errors": dict(errors),
        "requests": requests_made,
        "seconds": seconds,
    }


def rush_check(name: str, targets: dict) -> dict:
    """What the database holds for the rush's applications: each submitted once, its plan saved
    once more, its two PDFs, no member or session row lost or doubled."""
    ids = [pk for _u, pk in targets["rush"]]
    with psycopg.connect(database_url(name)) as connection:
        row = connection.execute(
            """
            select
              count(*) filter (where a.status = 'submitted'),
              count(*) filter (where a.plan_version <> 2),
              count(*) filter (where (select count(*) from communities_transition t
                                      where t.application_id = a.id and t.action = 'submit') <> 1),
              count(*) filter (where (select count(*) from communities_signeddocument d
                                      where d.application_id = a.id) <> 2),
              count(*) filter (where (select count(*) from communities_member m
                                      where m.application_id = a.id) <> 4),
              count(*) filter (where (select count(*) from communities_session s
                                      where s.application_id = a.id) <> 6)
            from communities_application a where a.id = any(%s)
            """,
            [ids],
        ).fetchone()
    submitted, versions, transitions, documents, members, sessions = row
    return {
        "submitted": submitted,
        "not submitted (lost)": len(ids) - submitted,
        "plan saves lost or doubled": versions,
        "送出 history not exactly once": transitions,
        "signed PDFs not exactly 2": documents,
        "member rows lost or doubled": members,
        "session rows lost or doubled": sessions,
    }


# --- one size ---------------------------------------------------------------------------------


def run_size(scale: float, args, *, with_rush: bool) -> dict:
    name = f"plc_bench_{str(scale).replace('.', '_')}"
    port = args.port
    admin_sql(f"drop database if exists {name}")
    admin_sql(f"create database {name}")
    storage = Path(tempfile.mkdtemp(prefix="bench-files-"))
    env = environment(name, port, storage)
    out = storage / "targets.json"
    try:
        print(f"scale {scale}: migrating {name}", flush=True)
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        started = time.perf_counter()
        subprocess.run(
            [PYTHON, "-m", "bench.dataset", "--scale", str(scale), "--out", str(out),
             "--submit-drafts", str(args.repeat + 2),
             "--rush-drafts", str(args.rush if with_rush else 0)],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        built = json.loads(out.read_text())
        built["counts"]["build seconds"] = round(time.perf_counter() - started, 1)
        subprocess.run(
            [PYTHON, "-c", "import psycopg,sys; psycopg.connect(sys.argv[1], autocommit=True).execute('vacuum analyze')", database_url(name)],
            check=True,
        )  # fmt: skip
        with open(storage / "gunicorn.log", "w") as log, Server(env, port, log) as server:
            print(
                f"scale {scale}: {args.warmup} rounds to warm up, {args.repeat} measured",
                flush=True,
            )
            pages, floor = measure(server, built["targets"], args.repeat, args.warmup)
            print(f"scale {scale}: the whole year's exports, once each", flush=True)
            exports = measure_exports(server, built["targets"])
            memory_after_pages = server.memory()
            result = {"scale": scale, "counts": built["counts"], "pages": pages, "floor": floor,
                      "exports": exports, "memory_pages": memory_after_pages}  # fmt: skip
            if with_rush:
                from testsupport.pdfs import pdf_bytes

                print(f"scale {scale}: deadline rush, {args.rush} teachers", flush=True)
                result["memory_pages"] = server.memory()
                print(report([result]), flush=True)
                result["rush"] = rush(server, built["targets"], args.concurrency, pdf_bytes())
                result["rush_check"] = rush_check(name, built["targets"])
            result["memory"] = server.memory()
        return result
    finally:
        if not args.keep:
            admin_sql(f"drop database if exists {name} with (force)")
            subprocess.run(["rm", "-rf", str(storage)], check=False)


def worker_split(hits: list[Hit]) -> tuple[float, float] | None:
    """Where the median of ``hits`` went in the worker: ms waiting for SQL, ms in Python (None
    without the worker's figures)."""
    timed = [h for h in hits if h.sql_ms is not None and h.server_ms is not None]
    if not timed:
        return None
    return (
        statistics.median(h.sql_ms for h in timed),
        statistics.median(h.server_ms - h.sql_ms for h in timed),
    )


def in_worker(hits: list[Hit]) -> str:
    split = worker_split(hits)
    if split is None:
        return "no figures from the worker"
    return f"in the worker {split[0]:.1f} ms in SQL, {split[1]:.1f} ms in Python"


def report(results: list[dict]) -> str:
    lines = []
    for r in results:
        c = r["counts"]
        lines.append(
            f"- scale {r['scale']}: {c['applications']:,} applications, {c['schools']:,} schools, "
            f"{c['accounts']:,} accounts, {c['budget_lines']:,} budget lines, "
            f"{c['assignments']:,} review assignments, {c['messages']:,} messages "
            f"(built in {c['build seconds']} s); floor median "
            f"{statistics.median(h.seconds for h in r['floor']) * 1000:.1f} ms ({in_worker(r['floor'])}); "
            f"worker memory after the pages "
            f"{r['memory_pages'][0]:.0f} MB (peak {r['memory_pages'][1]:.0f} MB)"
            + (
                f", after the whole run {r['memory'][0]:.0f} MB (peak {r['memory'][1]:.0f} MB)"
                if "memory" in r
                else ""
            )
        )
    header = "| page | queries | KB | worker MB |"
    rule = "| --- | ---: | ---: | ---: |"
    for r in results:
        header += f" median ms @{r['scale']} | p90 ms | × floor |"
        rule += " ---: | ---: | ---: |"
    # Where the larger size's median goes, in the worker: waiting for the database, and the
    # rest (Python: middleware, ORM, forms, templates); what is left of the median is HTTP.
    header += " in SQL ms | in Python ms |"
    rule += " ---: | ---: |"
    lines += ["", header, rule]
    for index, page in enumerate(results[-1]["pages"]):
        hits = page.samples
        queries = sorted({h.queries for r in results for h in r["pages"][index].samples if h.queries is not None})  # fmt: skip
        sizes = [h.size for h in hits]
        memory = max((h.memory or 0 for r in results for h in r["pages"][index].samples), default=0)
        row = f"| {page.label} | {'/'.join(map(str, queries))} | {statistics.median(sizes) / 1024:.0f} | {memory} |"
        for r in results:
            times = [h.seconds * 1000 for h in r["pages"][index].samples]
            floor = statistics.median(h.seconds for h in r["floor"]) * 1000
            median = statistics.median(times)
            row += f" {median:.0f} | {quantile(times, 0.9):.0f} | {median / floor:.0f}× |"
        split = worker_split(hits)
        row += f" {split[0]:.1f} | {split[1]:.1f} |" if split else " | |"
        lines.append(row)
    for r in results:
        lines += ["", f"The whole year's exports at scale {r['scale']}, once each:"] + [
            f"- {label}: {hit.seconds:.1f} s, {hit.size / 1024:.0f} KB, {hit.queries} queries, "
            f"worker {hit.memory} MB after"
            for label, hit in r.get("exports", [])
        ]
    for r in results:
        if "rush" in r:
            rush_ = r["rush"]
            lines += [
                "",
                f"Deadline rush at scale {r['scale']}: {rush_['teachers']} teachers, "
                f"{rush_['successes']} succeeded; {rush_['requests']} requests in "
                f"{rush_['seconds']:.1f} s ({rush_['requests'] / rush_['seconds']:.1f} requests/s); "
                f"statuses {rush_['statuses']}; errors {rush_['errors'] or 'none'}",
                "Checked in the database: "
                + ", ".join(f"{k} {v}" for k, v in r["rush_check"].items()),
            ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=0.01, help="1 = national (30,000 applications)"
    )
    parser.add_argument("--no-tenth", action="store_true", help="skip the run at a tenth")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--warmup",
        type=int,
        default=24,
        help="rounds of every page (but 送出) before the measured ones: a worker that has run "
        "its statements (0: a worker's first requests)",
    )
    parser.add_argument("--rush", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    scales = [args.scale] if args.no_tenth else [args.scale / 10, args.scale]
    # Production serves the collected, content-hashed, compressed static files (WhiteNoise):
    # collected once for the run (it takes minutes on a busy machine).
    global STATIC_ROOT
    STATIC_ROOT = tempfile.mkdtemp(prefix="bench-static-")
    print("collecting the static files", flush=True)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment("postgres", args.port, Path(STATIC_ROOT)),
        check=True,
    )
    results = []
    for scale in scales:
        results.append(run_size(scale, args, with_rush=scale == args.scale and args.rush > 0))
        # Each size's figures as soon as they are measured; all of them side by side at the end.
        print(report(results[-1:]), flush=True)
    print()
    print(report(results))
    subprocess.run(["rm", "-rf", STATIC_ROOT], check=False)


if __name__ == "__main__":
    main()
