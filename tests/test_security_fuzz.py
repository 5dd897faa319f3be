"""The fuzz of URL and filter values (issue 13, item 4): every page enumerated from the page registry,
opened with random query strings — the keys the app's pages read, mixed with random, unicode, huge,
negative and SQL-ish values — answers without a 500, without an SQL or Python error in the answer and
without the generic failure; Explore's answers to random filters equal an independent SQL over the
contract tables (values bound as parameters) or are refused with a reason.

Through the Flask test client signed in, and Dash's callback endpoint as dash-renderer calls it
(``tests.replay``); hypothesis derandomized, so a failure comes back the same on every machine."""

from __future__ import annotations

import inspect
import logging
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auth import ROLES
from tests import replay
from tests.conftest import login

ROOT = Path(__file__).resolve().parents[1]
FUZZ = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
HOSTILE = [
    "'", "''", "\"", "x' OR '1'='1", "'); DROP TABLE fact_order_line; --", "1; SELECT * FROM users", "1 UNION SELECT 1",
    "\\", "%", "_", "%27", "%00", "\x00", "NULL", "None", "null", "undefined", "NaN", "inf", "-inf", "1e309", "-1", "0",
    "-2147483649", "99999999999999999999999999", "²", "٣", "１２", "2025-02-30", "2025-Q5", "2025-13", "0000-01-01",
    "9999-12-31", "L12M", "L0M", "L-3M", "YTD", "../../etc/passwd", "<script>alert(1)</script>", "javascript:alert(1)",
    "=HYPERLINK(\"http://x\")", "서울", "Küche", "\u202e", "a" * 3000, "[]", "{}", "{\"a\": 1}", "true",
]  # fmt: skip
hostile = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.from_regex(r"\A[0-9]{4}(-Q[0-9]|-[0-9]{2}|-[0-9]{2}-[0-9]{2})?\Z"),
)


# ------------------------------------------------------------------ what the app reads and has

KEY_PATTERNS = (
    re.compile(r"""(?:first|values|date|_first|_values)\(\s*(?:query|q|params)\s*,\s*["']([A-Za-z_.][\w.]*)["']"""),
    re.compile(r"""(?:query|params)\.get\(\s*["']([A-Za-z_.][\w.]*)["']"""),
    re.compile(r"""(?:query|params)\[\s*["']([A-Za-z_.][\w.]*)["']\s*\]"""),
)


def url_keys(dash_app, layouts: list[str]) -> list[str]:
    """Every URL key the app reads: the keys its URL-state code asks for, each page layout's named
    parameters, the keys of the links its pages draw, and ``f.``/``d.`` for every cube level."""
    from olap.cube import LEVELS

    found = {"p", "m", "r", "c", "from", "to", "id", "q", "page", "partner"}
    for folder in ("pages", "components", "olap", "crm", "callbacks"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text()
            for pattern in KEY_PATTERNS:
                found.update(pattern.findall(text))
    for page in _registry():
        func = page["layout"]
        while hasattr(func, "__wrapped__"):
            func = func.__wrapped__
        if callable(func):
            found.update(n for n, p in inspect.signature(func).parameters.items() if p.kind is not p.VAR_KEYWORD)
    for text in layouts:
        for href in re.findall(r'"(/[a-z/_-]*\?[^"\s]+)"', text):
            found.update(k for k, _ in parse_qsl(href.split("?", 1)[1], keep_blank_values=True))
    for level_id in LEVELS:
        found.update({f"f.{level_id}", f"d.{level_id}"})
    return sorted(k for k in found if k and len(k) < 40)


def _registry() -> list[dict]:
    import dash

    return list(dash.page_registry.values())


@pytest.fixture(scope="module")
def demo(demo_pointer):
    """The generated demo warehouse (every entity) as the process's warehouse for this module."""
    from data.warehouse import use_warehouse

    with use_warehouse(demo_pointer) as reader:
        yield reader


@pytest.fixture(scope="module")
def clients(dash_app, demo):
    """A signed-in client per role, and ``scoped``: a partner manager with three partners (row-level
    security narrows every query: another code path)."""
    from auth import users
    from crm.partners.access import known_partner_ids, set_assignment
    from tests.conftest import PASSWORD

    if users.get_user("sec_scoped") is None:
        users.add_user("sec_scoped", PASSWORD, "partner_manager")
    set_assignment("sec_scoped", sorted(known_partner_ids(demo.cursor()))[:3], actor="test")
    out = {}
    for role in (*ROLES, "scoped"):
        client = dash_app.server.test_client()
        assert login(client, "sec_scoped" if role == "scoped" else f"u_{role}").status_code == 302
        out[role] = client
    return out


@pytest.fixture(scope="module")
def members(demo_pointer) -> dict[str, list[str]]:
    """Real members of the plain levels (so a fuzzed filter can also hit data), read independently."""
    con = duckdb.connect(str(demo_pointer), read_only=True)
    try:
        out = {}
        for level_id, expr in LEVEL_SQL.items():
            out[level_id] = [
                r[0] for r in con.execute(f"SELECT DISTINCT {expr} AS m {FROM} ORDER BY m LIMIT 40").fetchall()
            ]
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def vocabulary(dash_app, clients, members):
    """(keys, values that make sense somewhere): keys enumerated from the app, values from the data."""
    from olap.cube import LEVELS, MEASURES

    admin = clients["admin"]
    layouts = [
        admin.post("/_dash-update-component", json=replay.router_body(page["path"], "")).get_data(as_text=True)
        for page in _registry()
    ]
    keys = url_keys(dash_app, layouts)
    sensible = sorted(
        {str(m) for ms in members.values() for m in ms if m is not None}
        | set(MEASURES)
        | set(LEVELS)
        | {"2025", "2025-Q2", "2025-06", "L12M", "YTD", "1", "2", "3", "chart", "pivot", "detail", "table", "line"}
    )
    return keys, sensible


@st.composite
def queries(draw, keys: list[str], sensible: list[str]) -> str:
    """A query string: a few of the app's keys (some repeated), random or sensible values; sometimes raw."""
    value = st.one_of(hostile, st.sampled_from(sensible))
    pairs = draw(
        st.lists(
            st.tuples(st.one_of(st.sampled_from(keys), st.sampled_from(keys), st.text(max_size=8)), value),
            max_size=6,
        )
    )
    if draw(st.integers(0, 9)) == 0:  # now and then a query string no browser would encode
        return "?" + draw(st.text(max_size=60))
    return "?" + urlencode(pairs) if pairs else ""


class ErrorLog(logging.Handler):
    """Collects ERROR records (a swallowed exception is logged before the page says "something failed")."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(f"{record.name}: {record.getMessage()[:300]}")


@pytest.fixture
def error_log():
    handler = ErrorLog()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)


# ------------------------------------------------------------------ every page, any URL


def _opens(clients, path: str, roles: tuple, search: str, pick: int, error_log) -> None:
    """The page request and its layout (Dash's router callback) for one URL."""
    chosen = roles[pick % len(roles)] if roles else "admin"
    client = clients["scoped" if chosen == "partner_manager" and pick % 2 else chosen]
    shell = client.get(path + search)
    assert shell.status_code == 200, (path + search, shell.status_code)
    seen = replay.Visit(path, search)
    answer = client.post("/_dash-update-component", json=replay.router_body(path, search))
    seen.answers.append(("router", answer.status_code, answer.get_data(as_text=True)))
    assert answer.status_code == 200, (path + search, answer.status_code)
    assert seen.failures() == [], (path + search, seen.failures())
    assert error_log.records == [], (path + search, error_log.records)


def _fuzz_opening(clients, vocabulary, error_log, path: str, roles: tuple) -> int:
    keys, sensible = vocabulary
    count = 0

    @FUZZ
    @given(search=queries(keys, sensible), pick=st.integers(0, 10))
    def opens(search, pick):
        nonlocal count
        _opens(clients, path, roles, search, pick, error_log)
        count += 1

    opens()
    return count


def test_any_url_opens_every_page_without_an_error(dash_app, clients, vocabulary, error_log):
    """The page request and the page's layout (Dash's router callback) for random query strings, each
    page as the roles it is for (a partner manager sees only their partners: another code path)."""
    checked = sum(
        _fuzz_opening(clients, vocabulary, error_log, page["path"], tuple(page.get("roles") or ()))
        for page in _registry()
    )
    assert checked >= FUZZ.max_examples * len(_registry())


def _fuzz_rendering(dash_app, client, vocabulary, error_log, path: str, examples: int) -> int:
    keys, sensible = vocabulary
    callbacks = replay.server_callbacks(dash_app)
    fired = 0

    @settings(FUZZ, max_examples=examples)
    @given(search=queries(keys, sensible))
    def renders(search):
        nonlocal fired
        seen = replay.visit(client, dash_app, path + search, callbacks)
        assert seen.failures() == [], (path + search, seen.failures())
        assert error_log.records == [], (path + search, error_log.records)
        fired += len(seen.answers)

    renders()
    return fired


@pytest.mark.parametrize(("role", "examples"), [("admin", 6), ("scoped", 4)])
def test_any_url_renders_every_page_with_its_callbacks(dash_app, clients, vocabulary, error_log, role, examples):
    """The layout and every callback it fires on load (and those their answers fire), as the browser
    would, for random query strings: no 500, no error text, no unexpected failure."""
    fired = sum(
        _fuzz_rendering(dash_app, clients[role], vocabulary, error_log, page["path"], examples)
        for page in _registry()
        if (role if role != "scoped" else "partner_manager") in (page.get("roles") or ("admin",))
    )
    assert fired > 100


# ------------------------------------------------------------------ Explore's numbers against plain SQL

FROM = """FROM fact_order_line f LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
          LEFT JOIN dim_product p ON p.product_id = f.product_id LEFT JOIN dim_channel ch ON ch.channel_id = f.channel_id"""
LEVEL_SQL = {  # written here from the contract tables, not taken from the cube
    "geo.region": "c.region",
    "geo.country": "c.country",
    "geo.city": "c.city",
    "customer.type": "c.customer_type",
    "customer.segment": "c.segment",
    "customer.customer": "CAST(f.customer_id AS VARCHAR)",
    "product.category": "p.category",
    "product.subcategory": "p.subcategory",
    "product.product": "CAST(f.product_id AS VARCHAR)",
    "channel.group": "ch.channel_group",
    "channel.channel": "CAST(f.channel_id AS VARCHAR)",
}
ID_LEVELS = {"customer.customer", "product.product", "channel.channel"}
ROW_SQL = {
    **LEVEL_SQL,
    "time.year": "strftime(f.order_ts, '%Y')",
    "time.quarter": "strftime(f.order_ts, '%Y') || '-Q' || quarter(f.order_ts)",
    "time.month": "strftime(f.order_ts, '%Y-%m')",
}
MEASURE_SQL = {
    "revenue": "sum(f.revenue)",
    "orders": "count(DISTINCT f.order_id)",
    "customers": "count(DISTINCT CASE WHEN c.is_guest IS NOT TRUE THEN f.customer_id END)",
}


@st.composite
def explore_queries(draw, members: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Random filters on plain levels (real members and hostile ones), a row level, a measure, a period."""
    pairs = [("m", draw(st.sampled_from(sorted(MEASURE_SQL)))), ("r", draw(st.sampled_from(sorted(ROW_SQL))))]
    pairs.append(("p", draw(st.sampled_from(["2025", "2024", "L12M", "2025-Q2", "2024-06", "YTD"]))))
    for level_id in draw(st.lists(st.sampled_from(sorted(LEVEL_SQL)), max_size=2, unique=True)):
        real = [m for m in members[level_id] if m is not None]
        chosen = draw(st.lists(st.one_of(st.sampled_from(real), hostile), min_size=1, max_size=3, unique=True))
        pairs += [(f"f.{level_id}", v) for v in chosen]
    return pairs


def _existing(con, level_id: str, given: list[str]) -> set[str]:
    expr = LEVEL_SQL[level_id]
    rows = con.execute(f"SELECT DISTINCT {expr} {FROM} WHERE list_contains(?, {expr})", [given]).fetchall()
    return {r[0] for r in rows}


def _expected(con, state_query: dict, measure: str, row: str) -> dict:
    from data.warehouse import get_warehouse
    from olap.catalog import catalog
    from olap.explore_state import ExploreState

    state = ExploreState.from_query(state_query, catalog(get_warehouse()))  # only for its dates
    where, params = ["f.order_ts >= ?", "f.order_ts < ?::DATE + 1"], [state.spec.start, state.spec.end]
    for level_id, chosen in state.spec.filters:
        where.append(f"list_contains(?, {LEVEL_SQL[level_id]})")
        params.append(list(chosen))
    sql = f"SELECT {ROW_SQL[row]} AS member, {MEASURE_SQL[measure]} AS v {FROM} WHERE {' AND '.join(where)} GROUP BY 1"
    return {m: v for m, v in con.execute(sql, params).fetchall()}


def test_explore_answers_random_filters_as_plain_sql_does(dash_app, clients, members, demo_pointer, error_log):
    """Random filters (real and hostile members, valid level ids) through the Explore page as a browser
    opens it: the filters it keeps are exactly the given members the data has (the others reported),
    and every number in its table equals plain SQL over the contract tables with the kept filters."""
    from olap.explore_state import ROW_LIMIT

    callbacks = [c for c in replay.server_callbacks(dash_app) if c["key"].startswith("..explore-graph.figure")]
    assert len(callbacks) == 1
    con = duckdb.connect(str(demo_pointer), read_only=True)
    answered = refused = 0

    @settings(FUZZ, max_examples=400)
    @given(pairs=explore_queries(members))
    def agrees(pairs):
        nonlocal answered, refused
        url = "/explore?" + urlencode(pairs)
        seen = replay.visit(clients["analyst"], dash_app, url, callbacks, rounds=1)
        assert seen.failures() == [] and error_log.records == [], (url, seen.failures(), error_log.records)
        kept = seen.props["explore-state"]["data"]  # the canonical query the page checked
        measure, row = dict(pairs)["m"], dict(pairs)["r"]
        for level_id in LEVEL_SQL:
            # an empty value is no filter at all (what a browser sends for an empty field): nothing to say
            given = [v for k, v in pairs if k == f"f.{level_id}" and v != ""]
            has = _existing(con, level_id, given) if given else set()
            want = [v for v in given if v in has]
            if level_id in ID_LEVELS and not all(re.fullmatch(r"-?\d{1,18}", v) for v in given):
                want = []  # an id level's filter with a value that is no id is refused whole (and said)
            assert list(kept.get(f"f.{level_id}") or []) == want, (url, level_id, kept)
            if len(want) < len(given):  # a member the data does not have is said, not silently dropped
                refused += 1
                assert '"explore-problems"' in seen.answers[0][2], url
        rows = seen.props["explore-table"]["rowData"]
        expected = _expected(con, kept, measure, row)
        got = {r["_member"]: r[measure] for r in rows}
        assert set(got) <= {str(k) if k is not None else None for k in expected}, url
        if len(expected) <= ROW_LIMIT:
            assert len(got) == len({k for k, v in expected.items() if v}) or len(got) == len(expected), (
                url,
                got,
                expected,
            )
        for member, value in got.items():
            want = next(v for k, v in expected.items() if (str(k) if k is not None else None) == member)
            assert value == pytest.approx(want or 0, rel=1e-9, abs=1e-6), (url, member)
        answered += 1

    try:
        agrees()
    finally:
        con.close()
    assert answered >= 160 and refused > 20
