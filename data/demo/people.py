"""Products, partners and customers: the demo's dimensions, with the hidden behaviour that drives their buying."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from data.demo.calendar import Calendar, days_between, draw_rows, sorted_by
from data.demo.world import (
    B2B_SHARE,
    CATALOG,
    CHURNED,
    COUNTRIES,
    GROWING,
    INDUSTRIES,
    LOCALES,
    MATURE,
    NEVER,
    NEW,
    OCCUPATION_P,
    OCCUPATIONS,
    PARTNER_TYPE_P,
    PARTNER_WORDS,
    PRE_HISTORY_SHARE,
    PRO_SERIES,
    SEG_LIFETIME,
    SEG_QTY,
    SEG_RATE,
    SEG_RATE_SIGMA,
    SEG_SHARE,
    SERIES,
    STAGE_SHARE,
    TIER_SHARE,
)


@dataclass(frozen=True)
class Products:
    """One row per product; ``cdf``/``cdf_old`` are the cumulative popularity (B2C, B2B), of all / pre-history ones."""

    n: int
    name: np.ndarray
    category: np.ndarray
    subcategory: np.ndarray
    price: np.ndarray
    cost: np.ndarray
    sku: np.ndarray
    cat: np.ndarray  # category index
    qty_factor: np.ndarray  # B2B quantity factor of the category
    launch_day: np.ndarray  # days since the start (negative: before the history)
    cdf: np.ndarray
    cdf_old: np.ndarray


@dataclass(frozen=True)
class Partners:
    """One row per partner (indices into COUNTRIES, STAGES, PARTNER_TYPES, TIERS); days since the start."""

    n: int
    country: np.ndarray
    stage: np.ndarray
    ptype: np.ndarray
    size: np.ndarray  # pull on customers
    onboard_day: np.ndarray
    churn_day: np.ndarray  # NEVER when active
    name: np.ndarray
    tier: np.ndarray | None = None  # set by partner_tiers once customers are known
    share: np.ndarray | None = None  # per partner and month, set by sales.plan_partner_shares


@dataclass(frozen=True)
class Customers:
    """One row per customer: dimension attributes, then the hidden buying behaviour."""

    n: int
    ctype: np.ndarray  # 0 B2C, 1 B2B
    seg: np.ndarray  # index into SEGMENTS
    country: np.ndarray
    city: np.ndarray  # index into city_names
    city_names: np.ndarray
    signup_day: np.ndarray
    opt_in: np.ndarray
    partner: np.ndarray  # -1: none
    name: np.ndarray
    company: np.ndarray
    email: np.ndarray
    gender: np.ndarray
    birth_year: np.ndarray  # -1 for businesses
    occupation: np.ndarray
    industry: np.ndarray
    rate: np.ndarray  # relative order frequency
    qty: np.ndarray  # B2B units per line
    lapse_day: np.ndarray
    affinity: np.ndarray  # online affinity (log-odds)
    app_user: np.ndarray


def make_products(rng, cal: Calendar) -> Products:
    """~300 products in 7 categories; a fifth launched during the history."""
    rows = []
    for cat_i, (category, (cost_share, qty_factor, subcats)) in enumerate(CATALOG.items()):
        for subcategory, item, prefix, lo, hi, w_b2c, w_b2b in subcats:
            n = int(rng.integers(9, 14))
            numbers = np.sort(rng.choice(np.arange(10, 99), n, replace=False)) * 10
            series = rng.choice(PRO_SERIES if category == "Commercial Kitchen" else SERIES, n)
            price = np.exp(rng.uniform(math.log(lo), math.log(hi), n))
            price = np.maximum(np.round(price) - 0.01, 0.99)
            share = np.clip(cost_share * rng.uniform(0.88, 1.12, n), 0.40, 0.75)
            popularity = rng.lognormal(0.0, 0.8, n)
            for i in range(n):
                rows.append((f"{series[i]} {item} {prefix}-{numbers[i]}", category, subcategory, price[i],
                             round(price[i] * share[i], 2), f"HB-{prefix}{numbers[i]}", cat_i, qty_factor,
                             w_b2c * popularity[i], w_b2b * popularity[i]))  # fmt: skip
    p = len(rows)
    cols = list(zip(*rows, strict=True))
    launched_during = rng.random(p) < 0.2
    launch_day = np.where(launched_during, rng.integers(30, cal.n_days - 90, p), -rng.integers(60, 3000, p))
    weights = np.array([cols[8], cols[9]])
    return Products(
        n=p, name=np.array(cols[0], dtype=object), category=np.array(cols[1], dtype=object),
        subcategory=np.array(cols[2], dtype=object), price=np.array(cols[3]), cost=np.array(cols[4]),
        sku=np.array(cols[5], dtype=object), cat=np.array(cols[6]), qty_factor=np.array(cols[7]),
        launch_day=launch_day, cdf=np.cumsum(weights, axis=1),
        cdf_old=np.cumsum(np.where(launch_day < 0, weights, 0.0), axis=1),
    )  # fmt: skip


def make_partners(rng, cal: Calendar) -> Partners:
    """Distributors, agents, resellers and subcontractors, each with a planted lifecycle."""
    country = np.repeat(np.arange(len(COUNTRIES)), [c.partners for c in COUNTRIES])
    p = len(country)
    counts = np.round(np.array(STAGE_SHARE) * p).astype(int)
    counts[MATURE] += p - counts.sum()
    stage = np.repeat(np.arange(5), counts)[rng.permutation(p)]
    ptype = rng.choice(4, p, p=PARTNER_TYPE_P)
    size = rng.lognormal(0.0, 0.6, p) * np.where(stage == NEW, 0.6, 1.0)  # pull on customers
    n = cal.n_days
    onboard = np.select(
        [stage == NEW, stage == GROWING, stage == CHURNED],
        [rng.integers(n - 330, n - 45, p), rng.integers(-500, 250, p), rng.integers(-2500, -300, p)],
        rng.integers(-3650, -500, p),
    )
    churn = np.where(stage == CHURNED, rng.integers(n - 450, n - 200, p), NEVER)
    names, used = [], set()
    for i in range(p):
        c = COUNTRIES[country[i]]
        loc = LOCALES[c.locale]
        while True:
            stem = rng.choice(loc.last) if rng.random() < 0.6 else rng.choice(c.cities)
            name = f"{stem} {rng.choice(PARTNER_WORDS[ptype[i]])} {rng.choice(loc.legal)}"
            if name not in used:
                break
        used.add(name)
        names.append(name)
    return Partners(
        n=p,
        country=country,
        stage=stage,
        ptype=ptype,
        size=size,
        onboard_day=onboard,
        churn_day=churn,
        name=np.array(names, dtype=object),
    )


def make_customers(rng, cal: Calendar, n: int, partners: Partners) -> Customers:
    """Customers with their dimension attributes and hidden buying behaviour."""
    b2b = rng.random(n) < B2B_SHARE
    ctype = b2b.astype(np.int8)
    seg = np.where(b2b, rng.choice([2, 3, 4], n, p=SEG_SHARE[2:] / SEG_SHARE[2:].sum()),
                   np.where(rng.random(n) < SEG_SHARE[1], 1, 0))  # fmt: skip
    weights = np.array([c.weight for c in COUNTRIES])
    country = rng.choice(len(COUNTRIES), n, p=weights / weights.sum())
    if n >= 2 * len(COUNTRIES):  # every country has customers, even at tiny scales
        country[rng.choice(n, len(COUNTRIES), replace=False)] = np.arange(len(COUNTRIES))
    city_names = [city for c in COUNTRIES for city in c.cities]
    city_offset = np.cumsum([0] + [len(c.cities) for c in COUNTRIES])[:-1]
    city_u = rng.random(n)
    city = np.empty(n, dtype=np.int64)
    for ci, c in enumerate(COUNTRIES):
        m = country == ci
        w = np.array([0.45, 0.25, 0.18, 0.12][: len(c.cities)])
        city[m] = city_offset[ci] + np.searchsorted(np.cumsum(w / w.sum()), city_u[m], side="right").clip(
            0, len(c.cities) - 1
        )

    # signups: about half before the history, the rest arriving every month (more later on)
    pre = rng.random(n) < np.where(b2b, PRE_HISTORY_SHARE[1], PRE_HISTORY_SHARE[0])
    signup = np.empty(n, dtype=np.int64)
    signup[pre] = -rng.integers(1, 7 * 365, pre.sum())
    for t in (0, 1):
        m = ~pre & (ctype == t)
        signup[m] = days_between(rng, cal.cum[t], np.zeros(m.sum(), np.int64), np.full(m.sum(), cal.n_days))
    opt_in = rng.random(n) < np.where(b2b, 0.78, 0.62)

    # partners serve some customers in their countries (businesses more often)
    partner = np.full(n, -1, dtype=np.int64)
    serve_u, pick_u = rng.random(n), rng.random(n)
    for ci in np.unique(partners.country):
        ids = np.flatnonzero(partners.country == ci)
        m = (country == ci) & (serve_u < np.where(b2b, 0.55, 0.3))
        w = partners.size[ids]
        partner[m] = ids[np.searchsorted(np.cumsum(w / w.sum()), pick_u[m], side="right").clip(0, len(ids) - 1)]

    # hidden behaviour
    sigma = SEG_RATE_SIGMA[seg]
    rate = SEG_RATE[seg] * rng.lognormal(-(sigma**2) / 2, sigma)
    qty = SEG_QTY[seg] * rng.lognormal(0.0, 0.35, n)
    # lifetimes are memoryless: customers from before the history have theirs counted from its start
    lapse = np.maximum(signup, 0) + np.round(rng.exponential(SEG_LIFETIME[seg]) * 365.25).astype(np.int64)
    affinity = rng.normal(0.0, 1.0, n)
    city_names = np.array(city_names, dtype=object)
    return Customers(
        n=n, ctype=ctype, seg=seg, country=country, city=city, city_names=city_names, signup_day=signup,
        opt_in=opt_in, partner=partner, **_describe_people(rng, cal, ctype, seg, country, city, city_names),
        rate=rate, qty=qty, lapse_day=lapse, affinity=affinity, app_user=(ctype == 0) & (affinity > -0.3),
    )  # fmt: skip


DESCRIPTIONS = ("name", "company", "email", "gender", "occupation", "industry")  # dim_customer's text only


def without_descriptions(cust: Customers) -> Customers:
    """The customers without the text columns only dim_customer shows (``DESCRIPTIONS``, set to None): once
    it is written, nothing else reads them, and at scale 50 they hold a few hundred MB of strings."""
    return replace(cust, **dict.fromkeys(DESCRIPTIONS))


def with_tiers(partners: Partners, customer_partner: np.ndarray) -> Partners:
    """Partners with their tier by the number of customers served: the top 12% Platinum, then Gold, Silver, Bronze."""
    served = np.bincount(customer_partner[customer_partner >= 0], minlength=partners.n)
    served = served * (1 + 2 * (partners.stage != NEW))
    rank = np.empty(partners.n, dtype=np.int64)
    rank[sorted_by(served.max() - served)] = np.arange(partners.n)
    return replace(partners, tier=np.searchsorted(np.cumsum(TIER_SHARE) * partners.n, rank, side="right"))


def _pool(key: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flattened name pools per locale: values, offsets, sizes (locale order of LOCALES)."""
    lists = [getattr(loc, key) for loc in LOCALES.values()]
    values = np.array([v for values in lists for v in values], dtype=object)
    sizes = np.array([len(v) for v in lists])
    return values, np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes


def _pick(rng, pool, locale: np.ndarray) -> np.ndarray:
    values, offsets, sizes = pool
    return offsets[locale] + (rng.random(len(locale)) * sizes[locale]).astype(np.int64)


def _describe_people(rng, cal: Calendar, ctype, seg, country, city, city_names) -> dict[str, np.ndarray]:
    """Names, e-mails, companies, gender, birth year, occupation, industry (Customers' columns)."""
    n, b2b = len(ctype), ctype == 1
    locale_ids = {name: i for i, name in enumerate(LOCALES)}
    locale = np.array([locale_ids[c.locale] for c in COUNTRIES])[country]
    female = rng.random(n) < 0.56
    f_pool, m_pool, l_pool = _pool("female"), _pool("male"), _pool("last")
    fi, mi, li = _pick(rng, f_pool, locale), _pick(rng, m_pool, locale), _pick(rng, l_pool, locale)
    first = np.where(female, f_pool[0][fi], m_pool[0][mi])
    last = l_pool[0][li]
    slug = np.vectorize(_slug, otypes=[object])
    first_slug = np.where(female, slug(f_pool[0])[fi], slug(m_pool[0])[mi])
    last_slug = slug(l_pool[0])[li]
    family_first = np.array([loc.family_first for loc in LOCALES.values()])[locale]
    person = np.where(family_first, last + " " + first, first + " " + last)

    industry_names = list(INDUSTRIES)
    iw = np.array([w for w, _ in INDUSTRIES.values()])
    industry = rng.choice(len(industry_names), n, p=iw / iw.sum())
    words = np.array([w for _, ws in INDUSTRIES.values() for w in ws], dtype=object)
    w_sizes = np.array([len(ws) for _, ws in INDUSTRIES.values()])
    w_offsets = np.concatenate([[0], np.cumsum(w_sizes)[:-1]])
    word_idx = w_offsets[industry] + (rng.random(n) * w_sizes[industry]).astype(np.int64)
    word = words[word_idx]
    city_stem = rng.random(n) < 0.35
    stem = np.where(city_stem, city_names[city], last)
    stem_slug = np.where(city_stem, slug(city_names)[city], last_slug) + slug(words)[word_idx]
    legal_pool = _pool("legal")
    legal = legal_pool[0][_pick(rng, legal_pool, locale)]
    company = stem + " " + word + " " + legal

    d_pool = _pool("domains")
    domain = d_pool[0][_pick(rng, d_pool, locale)]
    tld = np.array([c.tld for c in COUNTRIES], dtype=object)[country]
    ids = (np.arange(n) + 1).astype(str).astype(object)
    email_b2c = first_slug + "." + last_slug + ids + "@" + domain
    email_b2b = first_slug + "." + last_slug + ids + "@" + stem_slug + tld
    birth = np.clip(np.round(rng.normal(1984, 13, n)), 1940, cal.end.year - 18).astype(np.int64)
    age = cal.end.year - birth
    band = np.select([seg == 1, age <= 25, age >= 63], [3, 0, 2], 1)
    probs = np.array([OCCUPATION_P[k] for k in ("young", "adult", "senior", "pro")], dtype=float)
    probs /= probs.sum(axis=1, keepdims=True)
    occupation = draw_rows(rng, probs[band])
    return {
        "name": np.where(b2b, company, person),
        "company": np.where(b2b, company, None),
        "email": np.where(b2b, email_b2b, email_b2c),
        "gender": np.where(b2b, None, np.where(female, "F", "M")),
        "birth_year": np.where(b2b, -1, birth),
        "occupation": np.where(b2b, None, np.array(OCCUPATIONS, dtype=object)[occupation]),
        "industry": np.where(b2b, np.array(industry_names, dtype=object)[industry], None),
    }


def _slug(text: str) -> str:
    ascii_text = text.lower().translate(_TRANSLIT)
    return "".join(ch for ch in ascii_text if ch.isascii() and ch.isalnum())


_TRANSLIT = str.maketrans({"ü": "ue", "ö": "oe", "ä": "ae", "ß": "ss", "é": "e", "è": "e", "á": "a", "í": "i",
                           "ó": "o", "ú": "u", "ñ": "n", "ç": "c", "ã": "a", "ł": "l", "ś": "s", "ć": "c", "ń": "n",
                           "ę": "e", "ą": "a", "ż": "z", "ź": "z", "š": "s", "č": "c", "ř": "r", "ý": "y", "ě": "e",
                           "å": "a", "ğ": "g", "ı": "i", "ş": "s"})  # fmt: skip
