#!/usr/bin/env python3
"""Export a fitted scikit-learn text pipeline as a Jokemeter model artifact.

    python3 tools/export_sklearn.py MODEL.joblib --name NAME --version V --out FILE.json

MODEL.joblib holds a fitted ``Pipeline([("vectorizer", TfidfVectorizer(...)), ("model", estimator)])``
saved with joblib or pickle. As a module: ``export(pipeline, name=..., version=...)`` returns the
artifact as a dict and ``write(pipeline, path, name=..., version=...)`` writes it.

Supported: TfidfVectorizer with analyzer word/char/char_wb, lowercase, the default token_pattern,
ngram_range, stop_words (a list or "english", exported as the list), min_df, max_df, max_features,
norm l2/l1/None, use_idf, smooth_idf, sublinear_tf, strip_accents None/"unicode"/"ascii", binary;
estimators LinearRegression, Ridge, Lasso, ElasticNet (kind "linear") and DecisionTreeRegressor
(kind "tree"). Anything else is refused with an UnsupportedModel naming the part: a model that would
rate differently is never written.
"""
import argparse
import datetime
import json
import math
import pickle
import sys

DEFAULT_TOKEN_PATTERN = r"(?u)\b\w\w+\b"
LINEAR_ESTIMATORS = ("LinearRegression", "Ridge", "Lasso", "ElasticNet")
TREE_ESTIMATORS = ("DecisionTreeRegressor",)


class UnsupportedModel(Exception):
    """The pipeline has a part that Jokemeter cannot serve exactly."""


def export(pipeline, *, name, version):
    """The artifact of a fitted pipeline, as a dict ready for json.dump."""
    vectorizer, estimator = _steps(pipeline)
    vectorizer_section = _vectorizer(vectorizer)
    kind, estimator_section = _estimator(estimator, len(vectorizer_section["vocabulary"]))
    return {
        "format": "jokemeter.model",
        "formatVersion": 1,
        "name": name,
        "kind": kind,
        "version": version,
        "createdAt": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "vectorizer": vectorizer_section,
        "estimator": estimator_section,
    }


def write(pipeline, path, *, name, version):
    """Writes the artifact of `pipeline` to `path`."""
    artifact = export(pipeline, name=name, version=version)
    with open(path, "w", encoding="utf-8") as out:
        json.dump(artifact, out, ensure_ascii=False, allow_nan=False, separators=(",", ":"), sort_keys=True)


def _steps(pipeline):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline

    if not isinstance(pipeline, Pipeline):
        raise UnsupportedModel(f"expected a Pipeline of TfidfVectorizer and an estimator, got {type(pipeline).__name__}")
    steps = [step for _, step in pipeline.steps if step not in (None, "passthrough")]
    if len(steps) != 2:
        raise UnsupportedModel(f"expected 2 pipeline steps (TfidfVectorizer, estimator), got {len(steps)}: "
                               + ", ".join(type(step).__name__ for step in steps))
    vectorizer, estimator = steps
    if type(vectorizer) is not TfidfVectorizer:
        raise UnsupportedModel(f"the first step must be a TfidfVectorizer, not {type(vectorizer).__name__}")
    return vectorizer, estimator


def _vectorizer(vectorizer):
    import numpy as np
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    if not hasattr(vectorizer, "vocabulary_"):
        raise UnsupportedModel("the pipeline is not fitted: TfidfVectorizer has no vocabulary_")
    for attribute in ("preprocessor", "tokenizer"):
        if getattr(vectorizer, attribute) is not None:
            raise UnsupportedModel(f"TfidfVectorizer {attribute}= a custom callable is not supported")
    if callable(vectorizer.analyzer) or vectorizer.analyzer not in ("word", "char", "char_wb"):
        raise UnsupportedModel(f"TfidfVectorizer analyzer={vectorizer.analyzer!r} is not supported; use word, char or char_wb")
    if vectorizer.analyzer == "word" and vectorizer.token_pattern != DEFAULT_TOKEN_PATTERN:
        raise UnsupportedModel(f"TfidfVectorizer token_pattern={vectorizer.token_pattern!r} is not supported; "
                               f"only the default {DEFAULT_TOKEN_PATTERN!r}")
    if callable(vectorizer.strip_accents) or vectorizer.strip_accents not in (None, "unicode", "ascii"):
        raise UnsupportedModel(f"TfidfVectorizer strip_accents={vectorizer.strip_accents!r} is not supported; "
                               "use None, 'unicode' or 'ascii'")
    if vectorizer.input != "content":
        raise UnsupportedModel(f"TfidfVectorizer input={vectorizer.input!r} is not supported; texts are content")
    if np.dtype(vectorizer.dtype) != np.float64:
        raise UnsupportedModel(f"TfidfVectorizer dtype={np.dtype(vectorizer.dtype)} is not supported; use float64")
    if vectorizer.norm not in (None, "l1", "l2"):
        raise UnsupportedModel(f"TfidfVectorizer norm={vectorizer.norm!r} is not supported")

    stop_words = vectorizer.stop_words
    if stop_words == "english":
        stop_words = sorted(ENGLISH_STOP_WORDS)
    elif isinstance(stop_words, str):
        raise UnsupportedModel(f"TfidfVectorizer stop_words={stop_words!r} is not supported; use a list or 'english'")
    stop_words = sorted(stop_words) if stop_words is not None else []
    if vectorizer.analyzer != "word":
        stop_words = []  # scikit-learn applies stop words to the word analyzer only

    vocabulary = [None] * len(vectorizer.vocabulary_)
    for term, index in vectorizer.vocabulary_.items():
        vocabulary[index] = term
    if any(term is None for term in vocabulary):
        raise UnsupportedModel("TfidfVectorizer vocabulary_ does not cover every feature index")
    section = {
        "analyzer": vectorizer.analyzer,
        "lowercase": bool(vectorizer.lowercase),
        "stripAccents": vectorizer.strip_accents,
        "tokenPattern": DEFAULT_TOKEN_PATTERN,
        "ngramRange": [int(vectorizer.ngram_range[0]), int(vectorizer.ngram_range[1])],
        "stopWords": stop_words,
        "norm": vectorizer.norm,
        "useIdf": bool(vectorizer.use_idf),
        "smoothIdf": bool(vectorizer.smooth_idf),
        "sublinearTf": bool(vectorizer.sublinear_tf),
        "binary": bool(vectorizer.binary),
        "vocabulary": vocabulary,
    }
    if vectorizer.use_idf:
        section["idf"] = _finite([float(value) for value in vectorizer.idf_], "TfidfVectorizer idf_")
    return section


def _estimator(estimator, features):
    kind_name = type(estimator).__name__
    if kind_name in LINEAR_ESTIMATORS:
        if not hasattr(estimator, "coef_"):
            raise UnsupportedModel(f"the pipeline is not fitted: {kind_name} has no coef_")
        if getattr(estimator, "coef_").ndim != 1:
            raise UnsupportedModel(f"{kind_name} with several targets is not supported; fit one target")
        coef = _finite([float(value) for value in estimator.coef_], f"{kind_name} coef_")
        if len(coef) != features:
            raise UnsupportedModel(f"{kind_name} has {len(coef)} weights for {features} vectorizer features")
        intercept = float(estimator.intercept_)
        _finite([intercept], f"{kind_name} intercept_")
        return "linear", {"coef": coef, "intercept": intercept}
    if kind_name in TREE_ESTIMATORS:
        if not hasattr(estimator, "tree_"):
            raise UnsupportedModel(f"the pipeline is not fitted: {kind_name} has no tree_")
        tree = estimator.tree_
        if estimator.n_outputs_ != 1:
            raise UnsupportedModel(f"{kind_name} with several targets is not supported; fit one target")
        return "tree", {
            "childrenLeft": [int(value) for value in tree.children_left],
            "childrenRight": [int(value) for value in tree.children_right],
            "feature": [int(value) for value in tree.feature],
            "threshold": _finite([float(value) for value in tree.threshold], f"{kind_name} threshold"),
            "value": _finite([float(value) for value in tree.value[:, 0, 0]], f"{kind_name} value"),
        }
    raise UnsupportedModel(f"estimator {kind_name} is not supported; supported: "
                           + ", ".join(LINEAR_ESTIMATORS + TREE_ESTIMATORS))


def _finite(values, what):
    for index, value in enumerate(values):
        if not math.isfinite(value):
            raise UnsupportedModel(f"{what}[{index}] is {value}; a model with non-finite numbers cannot be served")
    return values


def _load(path):
    try:
        import joblib

        return joblib.load(path)
    except ImportError:
        with open(path, "rb") as source:
            return pickle.load(source)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Export a fitted scikit-learn pipeline as a Jokemeter artifact.")
    parser.add_argument("model", help="joblib or pickle file holding the fitted pipeline")
    parser.add_argument("--name", required=True, help="the model's name in the registry, e.g. lr")
    parser.add_argument("--version", required=True, help="the model's version, e.g. 1.0.0")
    parser.add_argument("--out", required=True, help="the artifact to write, e.g. models/lr.json")
    arguments = parser.parse_args(argv)
    try:
        pipeline = _load(arguments.model)
        write(pipeline, arguments.out, name=arguments.name, version=arguments.version)
    except UnsupportedModel as error:
        print(f"error: {arguments.model}: {error}", file=sys.stderr)
        return 1
    except (OSError, pickle.UnpicklingError, EOFError) as error:
        print(f"error: {arguments.model}: cannot be loaded: {error}", file=sys.stderr)
        return 1
    print(f"wrote {arguments.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
