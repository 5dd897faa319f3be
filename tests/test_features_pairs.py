"""Customer features of many (customer, as-of) pairs in one pass equal an independent pandas
computation over the raw tables, date by date, on the demo warehouse: every column, every value."""

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from mining.features import AGE_BANDS, column_name, customer_features

DATES = (dt.date(2023, 3, 31), dt.date(2024, 6, 30), dt.date(2025, 11, 14))


@pytest.fixture(scope="module")
def con(demo_pointer):
    c = duckdb.connect(str(demo_pointer), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def tables(con):
    names = ("dim_customer", "fact_order_line", "dim_product", "dim_channel", "fact_service_ticket",
             "fact_campaign_contact", "dim_campaign", "fact_web_session")  # fmt: skip
    return {name: con.execute(f"SELECT * FROM {name}").df() for name in names}


def _shares(lines: pd.DataFrame, key: str, prefix: str, index: pd.Index, present) -> pd.DataFrame:
    """Revenue share per value of ``key``; one column per value sold by anyone by then (``present``)."""
    lines = lines[lines[key].notna()]
    sums = lines.groupby(["customer_id", key])["revenue"].sum().unstack(fill_value=0.0)
    sums = sums.reindex(columns=sorted(present), fill_value=0.0)
    total = sums.sum(axis=1)
    shares = sums.div(total.where(total != 0), axis=0).fillna(0.0)
    shares.columns = [column_name(prefix, c) for c in shares.columns]
    return shares.reindex(index, fill_value=0.0)


def reference(t: dict, as_of: dt.date) -> pd.DataFrame:
    """The features as of ``as_of`` from the raw tables, in pandas (see ``mining.features``)."""
    end = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    c = t["dim_customer"]
    signup = pd.to_datetime(c["signup_date"])
    c = c[(c["is_guest"] != True) & (signup.isna() | (signup <= pd.Timestamp(as_of)))]  # noqa: E712
    c = c.set_index("customer_id").sort_index()
    index = c.index
    out = pd.DataFrame(index=index)
    for col in ("country", "region", "city", "customer_type", "segment", "gender"):
        out[col] = c[col]
    out["industry"] = c["industry"].where(c["industry"].notna(), c["occupation"])
    out["signup_date"] = c["signup_date"]
    out["home_partner_id"] = c["partner_id"]
    out["email_opt_in"] = c["email_opt_in"]
    age = as_of.year - c["birth_year"]
    band = pd.Series(pd.NA, index=index, dtype="object")
    for low, high, name in AGE_BANDS:
        band[(age >= low) & (age < high)] = name
    out["age_band"] = band
    out["tenure_days"] = (pd.Timestamp(as_of) - pd.to_datetime(c["signup_date"])).dt.days
    f = t["fact_order_line"]
    f = f[(f["order_ts"] < end) & f["customer_id"].notna()]
    f = f.merge(t["dim_channel"][["channel_id", "channel_group"]], on="channel_id", how="left")
    by = f.groupby("customer_id")
    orders = by["order_id"].nunique().reindex(index)
    revenue = by["revenue"].sum().reindex(index)
    out["orders"] = orders.fillna(0).astype("int64")
    out["revenue"] = revenue.fillna(0.0)
    out["units"] = by["quantity"].sum().reindex(index).fillna(0).astype("int64")
    out["first_order_date"] = by["order_ts"].min().dt.normalize().reindex(index)
    out["last_order_date"] = by["order_ts"].max().dt.normalize().reindex(index)
    out["recency_days"] = (pd.Timestamp(as_of) - out["last_order_date"]).dt.days
    out["aov"] = out["revenue"] / out["orders"].where(out["orders"] > 0)
    paid = out["revenue"].where(out["revenue"] > 0)
    online = f[f["channel_group"] == "online"].groupby("customer_id")["revenue"].sum().reindex(index)
    partner = f[f["partner_id"].notna()].groupby("customer_id")["revenue"].sum().reindex(index)
    out["online_share"] = (online.fillna(0.0) / paid).fillna(0.0)
    out["partner_share"] = (partner.fillna(0.0) / paid).fillna(0.0)
    cat = f.merge(t["dim_product"][["product_id", "category"]], on="product_id", how="inner")
    out = out.join(_shares(cat, "category", "cat", index, cat["category"].dropna().unique()))
    chan = f[f["channel_id"].isin(t["dim_channel"]["channel_id"])]
    out = out.join(_shares(chan, "channel_group", "chan", index, chan["channel_group"].dropna().unique()))
    s = t["fact_service_ticket"]
    s = s[(s["opened_ts"] < end) & s["customer_id"].notna()].groupby("customer_id")
    out["tickets"] = s.size().reindex(index).fillna(0).astype("int64")
    out["avg_satisfaction"] = s["satisfaction"].mean().reindex(index)
    k = t["fact_campaign_contact"].merge(t["dim_campaign"][["campaign_id", "start_date"]], on="campaign_id", how="left")
    sent = k["sent_ts"].fillna(pd.to_datetime(k["start_date"]))
    k = k[(sent < end) & (k["group_name"] == "target")]
    out["contacts"] = k.groupby("customer_id").size().reindex(index).fillna(0).astype("int64")
    responded = k[k["converted_ts"] < end].groupby("customer_id").size()
    out["responses"] = responded.reindex(index).fillna(0).astype("int64")
    out["response_rate"] = out["responses"] / out["contacts"].where(out["contacts"] > 0)
    w = t["fact_web_session"]
    w = w[(w["start_ts"] < end) & w["customer_id"].notna()]
    out["sessions"] = w.groupby("customer_id").size().reindex(index).fillna(0).astype("int64")
    return out


def _same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.columns) == list(want.columns)
    assert got.index.equals(want.index)
    for col in want.columns:
        a, b = got[col], want[col]
        if col.endswith("_date"):
            a, b = pd.to_datetime(a), pd.to_datetime(b)
        if pd.api.types.is_numeric_dtype(b) and not pd.api.types.is_bool_dtype(b):
            np.testing.assert_allclose(a.to_numpy(float), b.to_numpy(float), rtol=1e-9, equal_nan=True, err_msg=col)
        else:
            assert (
                a.astype(object).where(a.notna(), None).tolist() == b.astype(object).where(b.notna(), None).tolist()
            ), col


@pytest.mark.parametrize("as_of", DATES)
def test_features_of_a_date_equal_pandas(con, tables, as_of):
    got = customer_features(con, as_of)
    want = reference(tables, as_of)
    assert len(want) > 50 and want["orders"].gt(0).sum() > 20 and want["contacts"].gt(0).sum() > 5
    _same(got, want)


def test_pairs_in_one_pass_equal_pandas_date_by_date(con, tables):
    from mining.features import customer_features_at

    wants = {d: reference(tables, d) for d in DATES}
    rng = np.random.default_rng(3)
    customers = tables["dim_customer"]
    later = customers.loc[pd.to_datetime(customers["signup_date"]) > pd.Timestamp(DATES[0]), "customer_id"].iloc[0]
    parts = [pd.DataFrame({"customer_id": rng.choice(wants[d].index, 40, replace=False), "as_of": d}) for d in DATES]
    # a duplicate, a customer not signed up by the first date, an id that does not exist
    parts.append(pd.DataFrame({"customer_id": [parts[0]["customer_id"].iloc[0], later, 10**9], "as_of": DATES[0]}))
    pairs = pd.concat(parts, ignore_index=True)
    got = customer_features_at(con, pairs.sample(frac=1, random_state=1))  # any order in, date and id order out
    assert list(got.columns[:2]) == ["customer_id", "as_of"]
    assert len(got) == 3 * 40 and got["as_of"].is_monotonic_increasing
    assert later not in set(got.loc[got["as_of"] == DATES[0], "customer_id"])
    for d in DATES:
        rows = got[got["as_of"] == d].set_index("customer_id").drop(columns="as_of")
        asked = set(pairs.loc[pairs["as_of"] == d, "customer_id"])
        assert list(rows.index) == sorted(asked & set(wants[d].index))  # each signed-up customer once
        want = wants[d].loc[rows.index]
        # one column per category sold by the latest date: a category not sold yet is a zero share
        extra = [c for c in rows.columns if c not in want.columns]
        assert (rows[extra] == 0).all().all()
        _same(rows.drop(columns=extra), want)
