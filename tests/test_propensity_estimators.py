"""The propensity estimators on plain arrays (no warehouse): scikit-learn's contract, choices made
on validation, and the parameters' old name."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from mining.classifier_metrics import auc
from mining.errors import MiningError
from mining.propensity import DEFAULT_PARAMS, NUMERIC_FEATURES, Design, ValidatedModel
from mining.propensity.job import checked_params


def planted(n: int, seed: int):
    """Two features; the outcome follows the first one (and a little noise)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = (X[:, 0] + 0.3 * rng.normal(size=n) > 0.5).astype(np.int64)
    return X, y


@pytest.mark.parametrize("model", ["cart", "hgb"])
def test_validated_model_learns_the_planted_signal(model):
    X, y = planted(1500, 0)
    Xv, yv = planted(500, 1)
    chosen = ValidatedModel(model, ("x0", "x1"), max_iter=30, random_state=0)
    assert not [name for name in vars(chosen) if name.endswith("_")]
    assert chosen.fit(X, y, Xv, yv) is chosen
    assert auc(yv, chosen.predict_proba(Xv)[:, 1]) > 0.9
    best = max(t["valid_auc"] for t in chosen.tried_)
    assert auc(yv, chosen.predict_proba(Xv)[:, 1]) == pytest.approx(best)  # the kept model is the best tried
    assert set(chosen.hyper_) == ({"max_depth", "class_weight"} if model == "cart" else {"max_iter"})
    again = clone(chosen).fit(X, y, Xv, yv)
    assert np.array_equal(again.predict_proba(Xv), chosen.predict_proba(Xv))  # same random_state, same model


def test_design_fits_one_frame_or_several():
    frame = pd.DataFrame(
        {
            **{name: [1.0, 2.0] for name in NUMERIC_FEATURES},
            "email_opt_in": [True, False],
            "home_partner_id": [None, 3],
            "cat_tea": [0.5, 0.0],
            "customer_type": ["B2B", "B2C"],
            "segment": ["SMB", None],
            "region": ["Asia", "Asia"],
            "gender": ["F", "M"],
            "age_band": ["25-34", "35-44"],
        }
    )
    one = Design().fit(frame)
    assert Design().fit([frame.head(1), frame.tail(1)]).columns_ == one.columns_
    X = one.fit_transform(frame)
    assert list(X.columns) == one.columns_ and X.loc[1, "has_partner"] == 1.0 and X.loc[1, "segment=SMB"] == 0.0


def test_seed_is_read_as_random_state():
    assert "seed" not in DEFAULT_PARAMS
    assert checked_params("repurchase", {"seed": 4})["random_state"] == 4  # a run stored before the rename
    with pytest.raises(MiningError, match="bad_param"):
        checked_params("repurchase", {"random_state": -1})


def test_the_first_trees_of_a_boosting_fit_are_the_fit_with_fewer_trees():
    from mining.propensity.models import _fit_hgb, first_trees

    X, y = planted(3000, 2)
    X[::7, 1] = np.nan  # gaps go the way the trees learned
    Xv, _ = planted(800, 3)
    full = _fit_hgb(X, y, 40, 0)
    for n in (10, 27, 40):
        short = first_trees(full, n)
        fitted = _fit_hgb(X, y, n, 0)
        assert short.n_iter_ == fitted.n_iter_ == n
        assert np.array_equal(short.predict_proba(Xv), fitted.predict_proba(Xv))  # bit for bit
    assert full.n_iter_ == 40 and first_trees(full, 40) is full  # the full model is left as it was
