"""Files shaped like users' own data, made by the tests (no download, deterministic).

``uk_retail_csv`` imitates a UK online retailer's invoice export: the export's own headers
(InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country),
day-first dates whose first rows are all ambiguous, cancellation invoices (``C`` prefix,
negative quantities), guest checkouts without a customer id, ``EIRE`` and ``Unspecified``
countries, no channel column, amounts in pounds, and data ending nine days into a month.
It returns the frame it wrote, so a test can compute every expected figure with pandas.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

COUNTRIES = ("United Kingdom",) * 8 + ("EIRE", "France", "Germany", "Netherlands", "Unspecified", "USA")
PRODUCTS = [(f"{20000 + i}{'A' if i % 4 == 0 else ''}", f"ITEM NUMBER {i}", round(0.5 + (i * 37 % 400) / 20, 2))
            for i in range(40)]  # fmt: skip


def uk_retail_frame(seed: int = 11, invoices: int = 600) -> pd.DataFrame:
    """The rows of the export as a frame (the file's columns, values as the file holds them)."""
    rng = np.random.default_rng(seed)
    start = dt.datetime(2010, 12, 1, 8, 26)
    end = dt.datetime(2011, 12, 9, 12, 50)
    span = (end - start).total_seconds()
    customers = [12346 + 7 * i for i in range(70)]
    home = {c: COUNTRIES[int(rng.integers(len(COUNTRIES)))] for c in customers}
    rows = []
    # The first invoices fall on 01/12/2010: every date there reads as 1 December or 12 January.
    moments = sorted([start + dt.timedelta(minutes=int(m)) for m in rng.integers(0, 600, 12)] +
                     [start + dt.timedelta(seconds=float(s)) for s in rng.uniform(86400 * 13, span, invoices - 12)])  # fmt: skip
    moments[-1] = end
    for number, moment in enumerate(moments, start=536365):
        guest = rng.random() < 0.2
        customer = None if guest else customers[int(rng.integers(len(customers)))]
        country = COUNTRIES[int(rng.integers(len(COUNTRIES)))] if guest else home[customer]
        lines = [PRODUCTS[int(i)] for i in rng.choice(len(PRODUCTS), size=int(rng.integers(1, 6)), replace=False)]
        for code, name, price in lines:
            rows.append((str(number), code, name, int(rng.integers(1, 13)), moment, price, customer, country))
    frame = pd.DataFrame(
        rows,
        columns=["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID",
                 "Country"],
    )  # fmt: skip
    # Cancellations: some invoices of known customers are cancelled a few minutes later, in full.
    known = frame[frame["CustomerID"].notna()]["InvoiceNo"].drop_duplicates()
    cancelled = known.sample(n=max(1, len(known) // 25), random_state=seed)
    undo = frame[frame["InvoiceNo"].isin(cancelled)].copy()
    undo["InvoiceNo"] = "C" + undo["InvoiceNo"]
    undo["Quantity"] = -undo["Quantity"]
    undo["InvoiceDate"] = undo["InvoiceDate"] + pd.Timedelta(minutes=7)
    frame = pd.concat([frame, undo]).sort_values(["InvoiceDate", "InvoiceNo"], kind="stable").reset_index(drop=True)
    frame["CustomerID"] = frame["CustomerID"].astype("Int64")
    return frame


def write_uk_retail(path: Path, frame: pd.DataFrame) -> Path:
    """The frame as the export writes it: dd/mm/YYYY HH:MM dates, blank customer ids."""
    out = frame.copy()
    out["InvoiceDate"] = out["InvoiceDate"].dt.strftime("%d/%m/%Y %H:%M")
    out.to_csv(path, index=False)
    return path


def uk_retail_csv(folder: Path, seed: int = 11) -> tuple[Path, pd.DataFrame]:
    frame = uk_retail_frame(seed)
    return write_uk_retail(Path(folder) / "online_retail.csv", frame), frame
