"""scikit-learn pipelines exported with tools/export_sklearn.py rate every text exactly as scikit-learn does.

For each vectorizer setting × estimator: fit on the shipped jokes plus generated texts, export, rate every
text with `jokemeter predict`, and require |Swift − scikit-learn| ≤ 1e-9 × max(1, |rating|). Then explain texts
with `jokemeter explain`: a linear model's contributions are scikit-learn's own `coef_ * X[row]` term by term (what
eli5 shows), its base `intercept_`; a tree's path is scikit-learn's `decision_path`; and `base + Σ contributions`
is the rating within 1e-9 for both.
"""
import random
import warnings

import numpy as np
import pytest
from conftest import explain, predict, read_data
from export_sklearn import write
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.tree import DecisionTreeRegressor

VECTORIZERS = {
    "notebook default": {},
    "word 1-2, stop list, sublinear": {"ngram_range": (1, 2), "stop_words": ["и", "в", "не", "на", "что", "the", "a"],
                                       "sublinear_tf": True},
    "word, english stop words, l1, no idf, keep case": {"stop_words": "english", "norm": "l1", "use_idf": False,
                                                        "lowercase": False},
    "word, df limits, max features, binary, raw idf": {"min_df": 2, "max_df": 0.5, "max_features": 700, "binary": True,
                                                       "smooth_idf": False},
    "char 1-3, unicode accents": {"analyzer": "char", "ngram_range": (1, 3), "strip_accents": "unicode"},
    "char_wb 2-5, ascii accents, no norm": {"analyzer": "char_wb", "ngram_range": (2, 5), "strip_accents": "ascii",
                                            "norm": None},
}

ESTIMATORS = {
    "LinearRegression": lambda: LinearRegression(),
    "Ridge": lambda: Ridge(alpha=0.5),
    "Lasso": lambda: Lasso(alpha=1e-4, max_iter=3000),
    "ElasticNet": lambda: ElasticNet(alpha=1e-4, l1_ratio=0.5, max_iter=3000),
    "DecisionTreeRegressor": lambda: DecisionTreeRegressor(random_state=0),
}

PIECES = [
    "Штирлиц", "шёл", "ЁЛКА", "ёлка", "Привет", "мир", "hello", "World", "Ünïcödé", "café", "cafe\u0301", "naïve",
    "mañana", "straße", "İstanbul", "ΟΔΟΣ", "ΚΑΛΟΣ", "λόγος", "ﬁne", "2024", "3.14", "½", "x²", "snake_case", "e-mail",
    "😀", "👍🏽", "👨‍👩‍👧", "🇷🇺", "!!!", "?!", "—", "«цитата»", "(скобки)", "#тег", "@user", "\t", "  ", "\u00a0", "\n",
]


def generated_texts(count, seed):
    """Mixed Cyrillic and Latin, digits, punctuation, accents, emoji, odd white space."""
    rng = random.Random(seed)
    texts = [" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12))) for _ in range(count)]
    # Texts with no term for the word analyzer: empty, single letters, punctuation and emoji only.
    texts += ["", " ", "a b c", "!!! ?? ...", "😀😀 👍🏽", "я и ты", "\n\t"]
    return texts


@pytest.fixture(scope="module")
def corpus():
    texts, scores = read_data()
    rng = random.Random(7)
    extra = generated_texts(150, seed=1)
    train_texts = texts + extra
    train_scores = scores + [round(rng.uniform(1, 5), 1) for _ in extra]
    unseen = generated_texts(60, seed=2)
    return train_texts, train_scores, train_texts + unseen


@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize("vectorizer", VECTORIZERS)
def test_exported_pipeline_rates_like_scikit_learn(vectorizer, estimator, corpus, tmp_path):
    train_texts, train_scores, all_texts = corpus
    pipeline = Pipeline([("vectorizer", TfidfVectorizer(**VECTORIZERS[vectorizer])), ("model", ESTIMATORS[estimator]())])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", UserWarning)  # scikit-learn's notes on stop words and token_pattern
        pipeline.fit(train_texts, train_scores)
    write(pipeline, tmp_path / "m.json", name="m", version="1")

    expected = pipeline.predict(all_texts)
    actual = predict(str(tmp_path), "m", all_texts)

    worst = max(range(len(all_texts)), key=lambda i: abs(actual[i] - expected[i]) / max(1.0, abs(expected[i])))
    assert abs(actual[worst] - expected[worst]) <= 1e-9 * max(1.0, abs(expected[worst])), (
        f"text {all_texts[worst]!r}: Swift {actual[worst]!r}, scikit-learn {expected[worst]!r}")
    assert len(set(expected)) > 1, "a constant model proves nothing"
    expect_explanations_match(pipeline, str(tmp_path), explained_texts(all_texts))


EXPLAINED = 120  # texts explained per pipeline: jokes, then generated ones


def explained_texts(all_texts):
    return all_texts[:EXPLAINED // 2] + all_texts[-EXPLAINED // 2:]


def expect_explanations_match(pipeline, models_dir, texts):
    vectorizer, model = pipeline.named_steps["vectorizer"], pipeline.named_steps["model"]
    names = vectorizer.get_feature_names_out()
    features = vectorizer.transform(texts)
    ratings = pipeline.predict(texts)
    for row, (text, answer) in enumerate(zip(texts, explain(models_dir, "m", texts))):
        total = answer["base"] + sum(entry["contribution"] for entry in answer["contributions"])
        assert abs(total - answer["rating"]) <= 1e-9 * max(1.0, abs(answer["rating"])), text
        assert abs(answer["rating"] - ratings[row]) <= 1e-9 * max(1.0, abs(ratings[row])), text
        vector = features[row]
        if isinstance(model, DecisionTreeRegressor):
            assert answer["method"] == "saabas" and answer["base"] == model.tree_.value[0][0][0]
            assert [step["node"] for step in answer["path"]] == list(model.decision_path(vector).indices[:-1]), text
            continue
        assert answer["method"] == "linear" and answer["base"] == float(np.ravel(model.intercept_)[0])
        theirs = {names[j]: float(np.ravel(model.coef_)[j]) * value for j, value in zip(vector.indices, vector.data)}
        ours = {entry["term"]: entry["contribution"] for entry in answer["contributions"]}
        assert ours.keys() == theirs.keys(), text
        for term, contribution in theirs.items():
            assert abs(ours[term] - contribution) <= 1e-12 * max(1.0, abs(contribution)), (text, term)
