"""A bounded crawler for the Django test client: every same-site link (href, hx-get) and every
form reachable from a start page, with URLs deduplicated by route (a few samples of each: four
case pages, more while they offer other steps); GET forms sent as they stand, field by field
(partial query strings) and with each other option of their selects and radios; POST forms'
addresses opened with GET. Then each route again with bad query strings (unknown values, huge
numbers, wrong types) and bad identifiers in the path. And every GET endpoint of the OpenAPI
schema: each list, the detail of its first and last item, the lists with bad parameters.

It records every 5xx (or exception) with the URL, the exception and the innermost frame in the
project's own code, so a failure says where to look; and a GET with a query string that answers
"This field is required." (a filter must use its defaults for what is not given)."""

from __future__ import annotations

import json
import random
import re
import traceback
import uuid
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import Resolver404, resolve

BASE_DIR = Path(settings.BASE_DIR).resolve()
HUGE = "99999999999999999999"
# Never followed: they sign the user out (state change on GET, by design).
SKIP = re.compile(r"^/(sign-out/|report/follow-up/leave/|admin/logout/)")
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
# A filter or search (a GET form) given part of its fields must use defaults for the rest, not
# tell the user a field is required (issue 12 item 7): found as a defect like a 5xx.
REQUIRED = "This field is required."


@dataclass
class Failure:
    url: str
    status: int | str
    error: str
    where: str

    def __str__(self) -> str:
        return f"{self.status} {self.url}\n      {self.error}\n      at {self.where}"


@dataclass
class CrawlResult:
    pages: int = 0
    probes: int = 0
    choices: int = 0  # GET forms sent with another option chosen
    api_calls: int = 0
    failures: list[Failure] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    routes: set = field(default_factory=set)
    not_filled: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)  # "status URL", in the order visited


class PageParser(HTMLParser):
    """Links (href, hx-get) and forms with the values a browser would send untouched."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if a.get("hx-get"):
            self.links.append(a["hx-get"])
        if tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action", ""),
                "fields": [],
                "choices": defaultdict(list),  # select and radio names: every value offered
            }
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if kind == "radio":
                    self._form["choices"][name].append(a.get("value", "on"))
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
                return
            self._form["fields"].append((name, a.get("value", "")))
        elif tag == "select" and name and "disabled" not in a:
            self._select = {"name": name, "multiple": "multiple" in a, "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else option["text"].strip()
            self._select["options"].append(value)
            if option["selected"]:
                self._select["selected"].append(value)
            self._option = None
        elif tag == "select" and self._select is not None:
            select = self._select
            chosen = select["selected"] or ([] if select["multiple"] else select["options"][:1])
            if self._form is not None:
                self._form["fields"].extend((select["name"], value) for value in chosen)
                self._form["choices"][select["name"]].extend(select["options"])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form["fields"].append((self._textarea["name"], self._textarea["text"].lstrip("\n")))
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def where(exc: BaseException) -> str:
    """The innermost frame in the project's own code (not the virtualenv, not this crawler)."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [
        f
        for f in frames
        if str(Path(f.filename).resolve()).startswith(str(BASE_DIR))
        and ".venv" not in f.filename
        and "site-packages" not in f.filename
        and not f.filename.endswith("crawler.py")
    ]
    frame = (own or frames or [None])[-1]
    if frame is None:
        return "?"
    return f"{Path(frame.filename).resolve().relative_to(BASE_DIR) if own else frame.filename}:{frame.lineno}"


def route_of(path: str) -> tuple[str, dict[str, str]]:
    """The route a path resolves to, with enumerated (slug) parameters kept as values, so that
    /cases/A/ and /cases/B/ are one route but /cases/A/do/assess/ and /cases/A/do/refer/ are two.
    Also the converter of each identifier parameter. Unresolvable paths are their own route."""
    try:
        match = resolve(path)
    except Resolver404:
        return "404:" + path, {}
    converters = {}

    def keep(m):
        conv, name = m.group(1) or "str", m.group(2)
        if conv == "slug":
            return str(match.kwargs.get(name))
        converters[name] = conv
        return m.group(0)

    return PARAM.sub(keep, match.route or path), converters


class Crawler:
    def __init__(
        self,
        client,
        *,
        probed: set | None = None,
        max_pages: int = 250,
        paths_per_route: int = 4,
        max_paths_per_route: int = 12,
        urls_per_route: int = 8,
        urls_per_query_shape: int = 2,
        choices_per_route: int = 24,
    ):
        self.client = client
        self.max_pages = max_pages
        self.paths_per_route = paths_per_route
        self.max_paths_per_route = max_paths_per_route
        self.link_shapes: defaultdict[str, set] = defaultdict(set)  # per route: the route sets its pages link to
        self.urls_per_route = urls_per_route
        self.urls_per_query_shape = urls_per_query_shape
        self.choices_per_route = choices_per_route
        self.choice_urls: set[str] = set()  # a GET form with one choice changed from its default
        self.route_choices: Counter = Counter()
        self.result = CrawlResult()
        self.rng = random.Random(0)  # links taken in a shuffled (but repeatable) order: varied samples
        # routes already probed with bad query strings (shared by the roles crawling one data set)
        self.probed = probed if probed is not None else set()
        self.sample_ok: dict[str, bool] = {}
        self.seen: set[str] = set()
        self.route_urls: Counter = Counter()
        self.route_paths: defaultdict[str, set] = defaultdict(set)
        self.shape_urls: Counter = Counter()
        # per route: a page that answered 200, the query parameters seen with their values, kwargs
        self.route_sample: dict[str, str] = {}
        self.route_params: defaultdict[str, dict[str, str]] = defaultdict(dict)
        self.route_converters: dict[str, dict[str, str]] = {}

    # -- fetching ------------------------------------------------------------------------------
    def get(self, url: str, **extra):
        """GET one URL; a 5xx or an exception is recorded. Each request runs in a savepoint so a
        database error in one page cannot poison the rest of the crawl."""
        self.result.statuses["total"] += 1
        self.result.log.append(url)
        try:
            with transaction.atomic():
                response = self.client.get(url, **extra)
                if getattr(response, "streaming", False):
                    b"".join(response.streaming_content)  # errors in a generator surface here
        except Exception as exc:  # noqa: BLE001 - every exception is the finding
            self.result.failures.append(Failure(url, "exception", f"{type(exc).__name__}: {exc}"[:500], where(exc)))
            self.result.statuses["exception"] += 1
            self.result.log[-1] = f"EXC {url}"
            return None
        self.result.statuses[response.status_code] += 1
        self.result.log[-1] = f"{response.status_code} {url}"
        if response.status_code >= 500:
            self.result.failures.append(
                Failure(url, response.status_code, response.content[:200].decode(errors="replace"), "?")
            )
        elif (
            "?" in url
            and response.status_code == 200
            and not getattr(response, "streaming", False)
            and "html" in response.get("Content-Type", "")
            and REQUIRED.encode() in response.content
        ):
            self.result.failures.append(
                Failure(url, "200 with errors", f"a GET with a partial query string answers {REQUIRED!r}", "?")
            )
        return response

    # -- the crawl -----------------------------------------------------------------------------
    def _normalise(self, href: str, base: str) -> str | None:
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            return None
        parts = urlsplit(urljoin("http://testserver" + base, href))
        if parts.scheme not in ("http", "https") or parts.netloc not in ("testserver", ""):
            return None
        if parts.path.startswith(settings.STATIC_URL) or SKIP.match(parts.path):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def _admit(self, url: str) -> bool:
        """Whether this URL is still worth a visit: at most `paths_per_route` paths of one route
        (e.g. four case pages; two more for each page that linked to another set of routes than
        the ones before, as a case in another state offers other steps; at most
        `max_paths_per_route`), `urls_per_query_shape` URLs of one path with the same query
        parameters (page=2, page=3), `urls_per_route` URLs of one route in all."""
        if url in self.seen:
            return False
        path, _, query = url.partition("?")
        route, converters = route_of(path)
        if url in self.choice_urls:  # bounded on their own: every option of every filter
            if self.route_choices[route] >= self.choices_per_route:
                return False
            self.route_choices[route] += 1
            self.seen.add(url)
            return True
        shape = (path, frozenset(k for k, _ in parse_qsl(query, keep_blank_values=True)))
        if self.route_urls[route] >= self.urls_per_route or self.shape_urls[shape] >= self.urls_per_query_shape:
            return False
        if path not in self.route_paths[route]:
            taken = len(self.route_paths[route])
            # more samples of a route (more cases) while they offer other sets of routes
            extra = 2 * max(len(self.link_shapes[route]) - 1, 0)
            limit = min(self.max_paths_per_route, self.paths_per_route + extra)
            if taken >= limit:
                return False
        self.seen.add(url)
        self.route_urls[route] += 1
        self.shape_urls[shape] += 1
        self.route_paths[route].add(path)
        self.route_converters[route] = converters
        for key, value in parse_qsl(query, keep_blank_values=True):
            if value or key not in self.route_params[route]:
                self.route_params[route][key] = value
        return True

    def crawl(self, *starts: str) -> CrawlResult:
        queue, choices = deque(), deque()  # links first; other filter choices once links run out

        def push(target, choice=False):
            (choices if choice else queue).append(target)
            return route_of(target.partition("?")[0])[0]

        for start in starts or ["/"]:
            push(start)
        while (queue and self.result.pages < self.max_pages) or choices:
            url = queue.popleft() if queue and self.result.pages < self.max_pages else choices.popleft()
            if not self._admit(url):
                continue
            response = self.get(url)
            if url in self.choice_urls:
                self.result.choices += 1
            else:
                self.result.pages += 1
            path = url.partition("?")[0]
            route = route_of(path)[0]
            self.result.routes.add(route)
            if route not in self.route_sample:
                self.route_sample[route] = url
                self.sample_ok[route] = response is not None and response.status_code == 200
            if response is None:
                continue
            if response.status_code in (301, 302, 303, 307, 308):
                target = self._normalise(response["Location"], url)
                if target:
                    push(target)
                continue
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = PageParser()
            parser.feed(response.content.decode(errors="replace"))
            self.rng.shuffle(parser.links)
            shape = set()
            for href in parser.links:
                target = self._normalise(href, url)
                if target:
                    shape.add(push(target))
            for form in parser.forms:
                action = self._normalise(form["action"] or url.partition("?")[0], url)
                if not action:
                    continue
                action_path = action.partition("?")[0]
                if form["method"] == "get":
                    # the form submitted as it stands, and each field alone (a partial query string)
                    fields = [(k, v) for k, v in form["fields"]]
                    shape.add(push(action_path + "?" + urlencode(fields)))
                    for name, value in fields[:6]:
                        push(action_path + "?" + urlencode([(name, value)]))
                        self.route_params[route_of(action_path)[0]].setdefault(name, value)
                    # and each other choice of each select or radio group, the rest as they stand
                    for name, values in form["choices"].items():
                        for value in values[:8]:
                            changed = [(k, value if k == name else v) for k, v in fields if k != name or v]
                            if (name, value) not in changed:
                                changed.append((name, value))
                            variant = action_path + "?" + urlencode(changed)
                            self.choice_urls.add(variant)
                            push(variant, choice=True)
                else:
                    shape.add(push(action))  # a POST form's address, opened with GET: never a 5xx
            if "?" not in url:
                shape = frozenset(shape)
                self.link_shapes[route].add(shape)
        return self.result

    # -- bad query strings and bad identifiers -------------------------------------------------
    def probe(self) -> CrawlResult:
        """Each route's sample page again as htmx asks for it (some views answer a partial then),
        with bad query strings (unknown values, huge numbers, wrong types, each parameter alone)
        and with bad identifiers in its path."""
        for route, url in sorted(self.route_sample.items()):
            if route in self.probed:
                continue
            if self.sample_ok.get(route):
                self.probed.add(route)
            if self.sample_ok.get(route):
                self.get(url, HTTP_HX_REQUEST="true")
                self.result.log[-1] += " (HX-Request)"
                self.result.probes += 1
            path, _, query = url.partition("?")
            known = dict(self.route_params.get(route, {}))
            names = sorted(set(known) | {"page"})
            variants = [
                {"page": HUGE},
                {n: HUGE for n in names},
                {n: "zz-not-a-value" for n in names},
                {n: "-1" for n in names},
                {n: "1.5e400" for n in names},
            ]
            variants += [{n: known[n]} for n in sorted(known)[:4] if known[n]]
            urls = [path + "?" + urlencode(v) for v in variants]
            urls += self._bad_paths(route, path)
            for probe in urls:
                if probe in self.seen:
                    continue
                self.seen.add(probe)
                self.get(probe)
                self.result.probes += 1
        return self.result

    def _bad_paths(self, route: str, path: str) -> list[str]:
        try:
            match = resolve(path)
        except Resolver404:
            return []
        converters = self.route_converters.get(route, {})
        bad = {"int": [HUGE, "0"], "str": ["NO-SUCH-REFERENCE"], "uuid": [str(uuid.UUID(int=0))], "path": ["nope"]}
        out = []
        for name, value in match.kwargs.items():
            for replacement in bad.get(converters.get(name, ""), []):
                candidate = path.replace(f"/{value}/", f"/{replacement}/", 1)
                if candidate == path:
                    candidate = path.replace(str(value), replacement, 1)
                if candidate != path:
                    out.append(candidate)
        return out


# -- the API ---------------------------------------------------------------------------------
API_BAD = {
    "integer": [HUGE, "zz"],
    "number": ["1e400", "zz"],
    "boolean": ["maybe"],
    "string": ["zz-not-a-value"],
}


def _bad_value(param: dict, kind: int) -> str:
    schema = param.get("schema", {})
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    if schema.get("format") in ("date", "date-time"):
        return ["2026-13-45", "zz"][kind % 2]
    if schema.get("format") == "uuid":
        return ["not-a-uuid", str(uuid.UUID(int=0))][kind % 2]
    options = API_BAD.get(schema.get("type", "string"), ["zz"])
    return options[kind % len(options)]


class ApiCrawler:
    """Every GET operation in the OpenAPI schema: lists first, then each detail with the
    identifier of its list's first item; lists again with bad query parameters."""

    def __init__(self, client, schema: dict, crawler: Crawler, probed: set | None = None):
        self.client = client
        self.probed = probed if probed is not None else set()  # lists already probed (any role)
        self.seen: set[str] = set()
        self.schema = schema
        self.crawler = crawler  # shares the recording of failures
        self.first_items: dict[str, dict] = {}

    def run(self) -> CrawlResult:
        result = self.crawler.result
        operations = [(p, ops["get"]) for p, ops in sorted(self.schema.get("paths", {}).items()) if "get" in ops]
        lists = [(p, op) for p, op in operations if "{" not in p]
        details = [(p, op) for p, op in operations if "{" in p]
        for path, op in lists:
            response = self._call(path)
            self._remember_items(path, response)
            if path in self.probed:
                continue
            if response is not None and response.status_code == 200:
                self.probed.add(path)
            query = [p for p in op.get("parameters", []) if p.get("in") == "query"]
            names = {p["name"] for p in query}
            if "page" not in names:
                query.insert(0, {"name": "page", "schema": {"type": "integer"}})
            self._call(path + "?" + urlencode({"page": HUGE}))
            for kind in range(2):
                self._call(path + "?" + urlencode({p["name"]: _bad_value(p, kind) for p in query}))
            for p in query[:8]:  # each parameter alone, wrong
                self._call(path + "?" + urlencode({p["name"]: _bad_value(p, 0)}))
        for path, _op in lists:  # a list that was empty may have entries now (the access log)
            if path not in self.first_items:
                self.crawler.result.api_calls += 1
                self._remember_items(path, self.crawler.get(path, HTTP_ACCEPT="application/json"))
        for path, _op in details:
            filled = [url for item in self.first_items.get(path[: path.index("{")], []) if (url := _fill(path, item))]
            if not filled:
                result.not_filled.append(path)
            for url in filled:
                self._call(url)
            self._call(re.sub(r"\{[^}]+\}", "NO-SUCH-ID", path, count=1).format_map(_Missing()))
        return result

    def _call(self, url: str):
        if url in self.seen:
            return None
        self.seen.add(url)
        self.crawler.result.api_calls += 1
        return self.crawler.get(url, HTTP_ACCEPT="application/json")

    def _remember_items(self, path, response):
        """The first and the last item of a list's first page (their details are opened)."""
        if response is None or response.status_code != 200:
            return
        body = _json(response)
        items = body.get("results") if isinstance(body, dict) else body
        if isinstance(items, list) and items and all(isinstance(item, dict) for item in items):
            self.first_items[path] = [items[0], items[-1]] if len(items) > 1 else [items[0]]


def _fill(path: str, item: dict) -> str | None:
    """/api/cases/{reference}/ -> /api/cases/<the item's reference>/."""
    values = {}
    for name in re.findall(r"\{([^}]+)\}", path):
        candidates = [name, name.replace("_", ""), "public_id", "id", "reference", "uuid"]
        value = next((item[c] for c in candidates if c in item and item[c] not in (None, "")), None)
        if value is None:
            return None
        values[name] = value
    return re.sub(r"\{([^}]+)\}", lambda m: str(values[m.group(1)]), path)


class _Missing(dict):
    def __missing__(self, key):
        return "NO-SUCH-ID"


def _json(response):
    try:
        return json.loads(response.content)
    except ValueError:
        return None
