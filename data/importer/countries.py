"""Country -> world region, for customers and partners loaded with a country and no region.

Names and codes come from pycountry (ISO 3166-1: alpha-2, alpha-3, English names, official
and common names, and their Korean translations), plus the variants real files carry ("UK",
"USA", "EIRE", "Korea, South", "한국"…). Each ISO country belongs to one region of the demo's
vocabulary (data/demo/world.py REGIONS; the demo's own countries keep its assignment): the UN
M49 continents, with the Middle East counted with Africa, the Caucasus, Cyprus and Turkey
with Europe, and Mexico, Central America and the Caribbean with Latin America. Antarctica
and anything unknown has no region (the warehouse says ``Unknown``).
"""

from __future__ import annotations

import functools
import gettext
import re

ASIA, EUROPE, NORTH_AMERICA, LATIN_AMERICA, MEA, OCEANIA = (
    "Asia", "Europe", "North America", "Latin America", "Middle East & Africa", "Oceania",
)  # fmt: skip
REGION_CODES = {
    ASIA: "AF BD BT IN MV NP PK LK KZ KG TJ TM UZ CN HK MO JP KP KR MN TW BN KH ID LA MY MM PH SG TH TL VN",
    EUROPE: "AL AD AT BY BE BA BG HR CY CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE LV LI LT LU MT MD MC ME "
            "NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB AX TR AM AZ GE",
    NORTH_AMERICA: "US CA BM GL PM",
    LATIN_AMERICA: "MX BZ CR SV GT HN NI PA AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC "
                   "SX TT TC VI AR BO BR CL CO EC FK GF GY PY PE SR UY VE GS BV",
    MEA: "AE BH IL IQ IR JO KW LB OM PS QA SA SY YE DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA "
         "GM GH GN GW KE LS LR LY MG MW ML MR MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH "
         "ZM ZW IO TF",
    OCEANIA: "AU NZ FJ PG SB VU NC PF WS TO TV KI NR MH FM PW CK NU TK WF AS GU MP PN NF CX CC HM UM",
}  # fmt: skip
# names files use that ISO does not (-> alpha-2), and areas that are a region but no country
VARIANTS = {
    "UK": "GB", "U.K.": "GB", "Great Britain": "GB", "Britain": "GB", "England": "GB", "Scotland": "GB",
    "Wales": "GB", "Northern Ireland": "GB", "EIRE": "IE", "Republic of Ireland": "IE", "USA": "US", "U.S.": "US",
    "U.S.A.": "US", "America": "US", "United States of America": "US", "Korea": "KR", "South Korea": "KR",
    "Republic of Korea": "KR", "Korea, South": "KR", "한국": "KR", "남한": "KR", "북한": "KP", "North Korea": "KP",
    "Korea, North": "KP", "Russia": "RU", "Vietnam": "VN", "Turkey": "TR", "Turkiye": "TR", "Iran": "IR",
    "Syria": "SY", "Laos": "LA", "Bolivia": "BO", "Venezuela": "VE", "Tanzania": "TZ", "Moldova": "MD",
    "Czech Republic": "CZ", "Holland": "NL", "The Netherlands": "NL", "Macau": "MO", "Ivory Coast": "CI",
    "Swaziland": "SZ", "Burma": "MM", "Cape Verde": "CV", "Macedonia": "MK", "Vatican": "VA", "Brunei": "BN",
    "UAE": "AE", "KSA": "SA", "RSA": "ZA", "Palestine": "PS", "Micronesia": "FM", "East Timor": "TL",
    "Congo-Kinshasa": "CD", "DR Congo": "CD", "DRC": "CD", "Congo-Brazzaville": "CG", "Hong Kong SAR": "HK",
    "Saint Helena": "SH", "St Helena": "SH", "Virgin Islands": "VI", "Falklands": "FK", "Bosnia": "BA",
    "PRC": "CN", "Mainland China": "CN", "중국": "CN", "일본": "JP", "대만": "TW", "홍콩": "HK", "베트남": "VN",
}  # fmt: skip
AREAS = {"Channel Islands": EUROPE, "European Community": EUROPE, "European Union": EUROPE, "EU": EUROPE,
         "Europe": EUROPE, "Asia": ASIA, "Africa": MEA, "Middle East": MEA, "Latin America": LATIN_AMERICA,
         "South America": LATIN_AMERICA, "Caribbean": LATIN_AMERICA, "North America": NORTH_AMERICA,
         "Oceania": OCEANIA}  # fmt: skip
# one expression, in Python and in SQL, for the key a country is matched on
_STRIP = r"[\s.,'’()\-_/&]+"
KEY_SQL = "regexp_replace(lower({x}), '" + _STRIP.replace("'", "''") + "', '', 'g')"


def key(name: str) -> str:
    """A country's text reduced for matching: lower case, no spaces or punctuation."""
    return re.sub(_STRIP, "", str(name).lower())


@functools.cache
def table() -> dict[str, str]:
    """Matching key -> region, for every ISO 3166 code and name (English and Korean) and the variants."""
    import pycountry

    by_code = {code: region for region, codes in REGION_CODES.items() for code in codes.split()}
    korean = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ko"], fallback=True)
    out: dict[str, str] = {}
    for c in pycountry.countries:
        region = by_code.get(c.alpha_2)
        if region is None:
            continue
        names = [c.alpha_2, c.alpha_3, c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)]
        names += [korean.gettext(n) for n in names[2:] if n]
        out.update({key(n): region for n in names if n})
    out.update({key(n): by_code[code] for n, code in VARIANTS.items()})
    out.update({key(n): region for n, region in AREAS.items()})
    return out


def region_of(country: str | None) -> str | None:
    """The world region of a country name or code, or None when it is not known."""
    return table().get(key(country)) if country else None


def fill_regions(con) -> dict[str, int]:
    """Give customers and partners whose region is ``Unknown`` the region of their country; returns
    {"regions_derived": rows given a region, "regions_unknown": rows with a country of no known region}."""
    pairs = table()
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _country_region AS SELECT unnest(?::VARCHAR[]) AS k, unnest(?::VARCHAR[]) AS region",
        [list(pairs), list(pairs.values())],
    )
    derived = unknown = 0
    for name in ("dim_customer", "dim_partner"):
        k = KEY_SQL.format(x=f"{name}.country")
        derived += con.execute(
            f"UPDATE {name} SET region = r.region FROM _country_region r WHERE {name}.region = 'Unknown' AND r.k = {k}"
        ).fetchone()[0]
        unknown += con.execute(
            f"SELECT count(*) FROM {name} WHERE region = 'Unknown' AND coalesce(country, 'Unknown') NOT IN ('Unknown', '')"
        ).fetchone()[0]
    con.execute("DROP TABLE _country_region")
    return {k: n for k, n in (("regions_derived", derived), ("regions_unknown", unknown)) if n}
