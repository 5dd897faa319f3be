"""The top bar's search, each kind against its own SQL (pandas on the demo warehouse), role and
partner scope filtering, and text that looks like SQL searched as text."""

from __future__ import annotations

import uuid

import pytest

from crm import saved_views as sv
from crm import search as se
from data import warehouse as wh
from olap.scope import scoped

ALL_KINDS = se.KINDS


@pytest.fixture(scope="module", autouse=True)
def own_store(tmp_path_factory):
    """A store of this module's own: Customer 360 corrections other tests save in the shared store change
    what a customer search finds (search applies them), and these tests compare with the warehouse alone."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XRM_STORE_URL", f"sqlite:///{tmp_path_factory.mktemp('search-store') / 'store.sqlite'}")
        yield


@pytest.fixture(scope="module")
def cur(demo_pointer):
    return wh.Warehouse(demo_pointer).cursor()


@pytest.fixture(scope="module")
def frames(cur):
    return {
        "customers": cur.execute("SELECT * FROM dim_customer WHERE is_guest IS NOT TRUE").df(),
        "products": cur.execute("SELECT * FROM dim_product").df(),
        "partners": cur.execute("SELECT * FROM dim_partner").df(),
    }


def request(text, role="admin", kinds=ALL_KINDS, username="searcher", pages=(), limit=se.LIMIT):
    return se.SearchRequest(text, username, role, tuple(kinds), tuple(pages), limit)


def hits(results, kind) -> list[se.Hit]:
    return dict(results.groups).get(kind, ())


def expected_customers(frame, text, limit):
    needle = text.lower()
    match = (
        frame["name"].str.lower().str.contains(needle, regex=False)
        | frame["email"].fillna("").str.lower().str.contains(needle, regex=False)
        | frame["company"].fillna("").str.lower().str.contains(needle, regex=False)
    )
    if text.isdigit():
        match |= frame["customer_id"] == int(text)
    found = frame[match]
    return found, sorted(f"{n} ({c})".lower() for c, n in zip(found["customer_id"], found["name"], strict=True))


def test_customers_by_name_email_company_and_id_match_pandas(cur, frames):
    customers = frames["customers"]
    row = customers.sort_values("customer_id").iloc[11]
    surname = row["name"].split()[-1]
    for text in (surname, row["email"], str(row["customer_id"]), surname.upper()):
        found = hits(se.search(cur, request(text, limit=500)), "customers")
        _, want = expected_customers(customers, text, 500)
        assert sorted(h.label.lower() for h in found) == want[:500], text
    company = customers.dropna(subset=["company"]).iloc[0]["company"]
    found = hits(se.search(cur, request(company, limit=500)), "customers")
    assert {int(h.key) for h in found} == set(expected_customers(customers, company, 500)[0]["customer_id"])
    by_id = hits(se.search(cur, request(str(row["customer_id"]))), "customers")
    assert by_id[0].key == str(row["customer_id"]) and by_id[0].href == f"/customers?id={row['customer_id']}"


def test_limit_per_kind(cur, frames):
    found = se.search(cur, request("a", kinds=("customers",)))
    assert found.too_short and not found.groups
    many = se.search(cur, request("an", kinds=("customers", "products")))
    assert 0 < len(hits(many, "customers")) <= se.LIMIT
    assert len(expected_customers(frames["customers"], "an", 0)[0]) > se.LIMIT  # the limit did cut


def test_products_by_name_sku_and_id_match_pandas(cur, frames):
    products = frames["products"]
    row = products.sort_values("product_id").iloc[3]
    for text in (row["sku"], row["name"].split()[0], str(row["product_id"])):
        needle = text.lower()
        match = products["name"].str.lower().str.contains(needle, regex=False) | products[
            "sku"
        ].str.lower().str.contains(needle, regex=False)
        if text.isdigit():
            match |= products["product_id"] == int(text)
        want = set(products[match]["product_id"].astype(str))
        found = hits(se.search(cur, request(text, limit=1000)), "products")
        assert {h.key for h in found} == want, text
    found = hits(se.search(cur, request(row["sku"])), "products")
    assert found[0].href == se.product_href(int(row["product_id"]))
    assert f"f.product.product={row['product_id']}" in found[0].href


def test_partners_within_the_partner_scope(cur, frames):
    partners = frames["partners"]
    word = partners.iloc[0]["name"].split()[0]
    want = set(partners[partners["name"].str.lower().str.contains(word.lower(), regex=False)]["partner_id"])
    found = hits(se.search(cur, request(word, limit=1000)), "partners")
    assert {int(h.key) for h in found} == want and found[0].href.startswith("/partners?partner=")
    some = sorted(want)[:1]
    with scoped(some):
        found = hits(se.search(cur, request(word, role="partner_manager", limit=1000)), "partners")
        assert [int(h.key) for h in found] == some
    with scoped(frozenset()):
        assert hits(se.search(cur, request(word, role="partner_manager")), "partners") == ()


def test_customers_within_the_partner_scope(cur, frames):
    customers = frames["customers"]
    pid = int(customers["partner_id"].dropna().iloc[0])
    theirs = customers[customers["partner_id"] == pid]
    others = customers[(customers["partner_id"] != pid) | customers["partner_id"].isna()]
    mine, other = theirs.iloc[0], others.iloc[0]
    with scoped([pid]):
        assert [h.key for h in hits(se.search(cur, request(str(mine["customer_id"]))), "customers")][:1] == [
            str(mine["customer_id"])
        ]
        found = hits(se.search(cur, request(other["email"])), "customers")
        assert str(other["customer_id"]) not in {h.key for h in found}
        found = hits(se.search(cur, request(mine["email"], limit=1000)), "customers")
        assert {int(h.key) for h in found} <= set(theirs["customer_id"])


def test_kinds_follow_the_request_roles_and_views_and_pages(cur, dash_app):
    owner = f"srch_{uuid.uuid4().hex[:6]}"
    word = f"Zebra{uuid.uuid4().hex[:4]}"
    private = sv.save_view(owner, f"{word} private", "/explore?m=revenue")
    shared = sv.save_view(owner, f"{word} shared", "/analyses", roles=["analyst"])
    found = hits(se.search(cur, request(word, role="analyst", username="an_analyst")), "views")
    assert [h.key for h in found] == [str(shared.view_id)] and found[0].href == "/analyses"
    found = hits(se.search(cur, request(word, role="executive", username=owner)), "views")
    assert {h.key for h in found} == {str(private.view_id), str(shared.view_id)}
    assert hits(se.search(cur, request(word, role="executive", username="exec2")), "views") == ()
    pages = (("Explore", "/explore"), ("Glossary", "/glossary"), ("대시보드", "/"))
    found = hits(se.search(cur, request("gloss", pages=pages)), "pages")
    assert [(h.label, h.href) for h in found] == [("Glossary", "/glossary")]
    assert [h.href for h in hits(se.search(cur, request("대시", pages=pages)), "pages")] == ["/"]
    only = se.search(cur, request("an", kinds=("products",)))
    assert {kind for kind, _ in only.groups} <= {"products"}


def test_segments_by_name(cur, dash_app):
    import datetime as dt

    from data import opstore

    word = f"Searchable{uuid.uuid4().hex[:6]}"

    def stored(name, archived):  # the rows save_segment writes (the tiny app warehouse cannot evaluate rules)
        with opstore.engine().begin() as con:
            sid = con.execute(
                opstore.segments.insert().values(name=name, created_by="tester", archived=archived)
            ).inserted_primary_key[0]
            con.execute(opstore.segment_versions.insert().values(
                segment_id=sid, version=1, definition="{}", as_of=dt.date(2025, 1, 1), members=3, revenue=1.0,
                created_by="tester"))  # fmt: skip
        return {"segment_id": sid}

    kept = stored(f"{word} kept", False)
    stored(f"{word} archived", True)
    found = hits(se.search(cur, request(word, limit=1000)), "segments")
    assert [h.key for h in found] == [str(kept["segment_id"])]
    assert found[0].href == f"/segments?segment={kept['segment_id']}"


@pytest.mark.parametrize(
    "text",
    ["'; DROP TABLE dim_customer; --", "%", "_", "\\", "' OR 1=1 --", "%' OR '1'='1", '"); SELECT 1; --', "ab%_cd"],
)
def test_text_that_looks_like_sql_is_just_text(cur, frames, text):
    results = se.search(cur, request(text, limit=1000))
    customers = frames["customers"]
    _, want = expected_customers(customers, text, 1000)
    assert sorted(h.label.lower() for h in hits(results, "customers")) == want
    for kind in ("products", "partners"):
        frame = frames[kind]
        want = frame[frame["name"].str.lower().str.contains(text.lower(), regex=False)]
        assert len(hits(results, kind)) == len(want)
    assert cur.execute("SELECT count(*) FROM dim_customer").fetchone()[0] > 0


def test_customers_as_corrected_and_erased_in_customer_360(demo_pointer, tmp_path_factory):
    """A corrected name is found (the old one no longer); an erased customer by id only, anonymised."""
    from crm import customers as cu
    from tests.fixtures import private_copy

    pointer = private_copy(demo_pointer, tmp_path_factory.mktemp("search-overlay"))
    cur = wh.Warehouse(pointer).cursor()
    (a, a_name, a_email), (b, b_name, b_email) = cur.execute(
        "SELECT customer_id, name, email FROM dim_customer WHERE is_guest IS NOT TRUE ORDER BY customer_id LIMIT 2"
    ).fetchall()
    new_name = f"Quillon {uuid.uuid4().hex[:6]}"
    cu.correct(cur, a, {"name": new_name}, "tester")
    assert [h.key for h in hits(se.search(cur, request(new_name)), "customers")] == [str(a)]
    assert str(a) not in {h.key for h in hits(se.search(cur, request(a_name, limit=1000)), "customers")}
    found = hits(se.search(cur, request(a_email)), "customers")
    assert found and found[0].label.startswith(new_name)
    cu.erase(cur, b, "tester", "asked to be forgotten")
    assert str(b) not in {h.key for h in hits(se.search(cur, request(b_email, limit=1000)), "customers")}
    by_id = hits(se.search(cur, request(str(b))), "customers")
    assert by_id[0].key == str(b) and b_name not in by_id[0].label
