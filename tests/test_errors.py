"""One keyed-error class: every layer's refusals carry a message key and values, said in words where shown."""

from __future__ import annotations

import pytest

from crm.customers import CustomerError
from crm.segments import SegmentError
from data.importer.errors import ImportProblem
from errors import KeyedError
from mining.errors import MiningError
from olap.analyses import AnalysisUnavailable
from olap.cube import CubeError


@pytest.mark.parametrize(
    ("cls", "base"),
    [(CubeError, ValueError), (MiningError, ValueError), (SegmentError, ValueError), (CustomerError, ValueError),
     (AnalysisUnavailable, RuntimeError), (ImportProblem, Exception)],
)  # fmt: skip
def test_every_layer_raises_a_keyed_error(cls, base):
    error = cls("cube.unknown_measure", measure="turnover")
    assert isinstance(error, KeyedError) and isinstance(error, base)
    assert (error.key, error.values) == ("cube.unknown_measure", {"measure": "turnover"})


def test_the_message_is_said_in_the_readers_language():
    from i18n import t

    error = CubeError("cube.unknown_measure", measure="turnover")
    for lang in ("en", "ko"):
        assert error.message(lang) == t("cube.unknown_measure", lang, measure="turnover") != "cube.unknown_measure"
    assert str(error) == "cube.unknown_measure: {'measure': 'turnover'}"


def test_an_import_problem_reads_as_english_words_on_the_command_line():
    problem = ImportProblem("import.no_rows")
    assert str(problem) == "The file has a header but no data rows."
    with pytest.raises(ImportProblem, match="header but no data rows"):
        raise problem
