"""tools/export_sklearn.py refuses every pipeline it cannot reproduce exactly, naming the part."""
import subprocess
import sys

import joblib
import numpy as np
import pytest
from conftest import ROOT
from export_sklearn import UnsupportedModel, export
from sklearn.ensemble import RandomForestRegressor
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import Pipeline
from sklearn.svm import SVR

TEXTS = ["кот и пёс", "пёс спит", "кот ест рыбу", "рыба молчит", "hello world", "world peace"]
SCORES = [1.0, 2.0, 3.0, 4.0, 2.5, 3.5]


def fitted(vectorizer, estimator, targets=SCORES):
    return Pipeline([("vectorizer", vectorizer), ("model", estimator)]).fit(TEXTS, targets)


CASES = {
    "custom preprocessor": (lambda: fitted(TfidfVectorizer(preprocessor=str.upper), LinearRegression()),
                            "TfidfVectorizer preprocessor= a custom callable is not supported"),
    "custom tokenizer": (lambda: fitted(TfidfVectorizer(tokenizer=str.split, token_pattern=None), LinearRegression()),
                         "TfidfVectorizer tokenizer= a custom callable is not supported"),
    "custom analyzer": (lambda: fitted(TfidfVectorizer(analyzer=str.split), LinearRegression()),
                        "TfidfVectorizer analyzer=<method 'split' of 'str' objects> is not supported"),
    "other token pattern": (lambda: fitted(TfidfVectorizer(token_pattern=r"\w+"), LinearRegression()),
                            "TfidfVectorizer token_pattern='\\\\w+' is not supported"),
    "custom accent stripping": (lambda: fitted(TfidfVectorizer(strip_accents=str.lower), LinearRegression()),
                                "TfidfVectorizer strip_accents=<method 'lower' of 'str' objects> is not supported"),
    "float32 features": (lambda: fitted(TfidfVectorizer(dtype=np.float32), LinearRegression()),
                         "TfidfVectorizer dtype=float32 is not supported; use float64"),
    "another estimator": (lambda: fitted(TfidfVectorizer(), RandomForestRegressor(n_estimators=2, random_state=0)),
                          "estimator RandomForestRegressor is not supported; supported: LinearRegression, Ridge"),
    "a kernel estimator": (lambda: fitted(TfidfVectorizer(), SVR()), "estimator SVR is not supported"),
    "several targets": (lambda: fitted(TfidfVectorizer(), LinearRegression(), [[s, s] for s in SCORES]),
                        "LinearRegression with several targets is not supported"),
    "unfitted pipeline": (lambda: Pipeline([("vectorizer", TfidfVectorizer()), ("model", LinearRegression())]),
                          "the pipeline is not fitted: TfidfVectorizer has no vocabulary_"),
    "CountVectorizer": (lambda: fitted(CountVectorizer(), LinearRegression()),
                        "the first step must be a TfidfVectorizer, not CountVectorizer"),
    "three steps": (lambda: Pipeline([("a", TfidfVectorizer()), ("b", TfidfVectorizer()), ("c", LinearRegression())]),
                    "expected 2 pipeline steps (TfidfVectorizer, estimator), got 3"),
    "not a pipeline": (lambda: LinearRegression(), "expected a Pipeline of TfidfVectorizer and an estimator, got LinearRegression"),
}


@pytest.mark.parametrize("case", CASES)
def test_unsupported_part_is_refused_by_name(case):
    build, message = CASES[case]
    with pytest.raises(UnsupportedModel) as refusal:
        export(build(), name="m", version="1")
    assert message in str(refusal.value)


def test_command_line_exports_a_joblib_file_and_refuses_with_one_error_line(tmp_path):
    good = tmp_path / "good.joblib"
    joblib.dump(fitted(TfidfVectorizer(), LinearRegression()), good)
    done = subprocess.run([sys.executable, f"{ROOT}/tools/export_sklearn.py", str(good), "--name", "lr", "--version", "2.0.0",
                           "--out", str(tmp_path / "lr.json")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "lr.json").read_text(encoding="utf-8").startswith('{"createdAt":')

    bad = tmp_path / "bad.joblib"
    joblib.dump(fitted(TfidfVectorizer(), SVR()), bad)
    refused = subprocess.run([sys.executable, f"{ROOT}/tools/export_sklearn.py", str(bad), "--name", "x", "--version", "1",
                              "--out", str(tmp_path / "x.json")], capture_output=True, text=True)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"error: {bad}: estimator SVR is not supported")
    assert not (tmp_path / "x.json").exists()
