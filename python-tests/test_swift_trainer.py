"""`jokemeter train` checked against scikit-learn on the shipped data."""
import json

import numpy as np
from conftest import jokemeter, predict, read_data, write_data
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.tree import DecisionTreeRegressor

TEXTS, SCORES = read_data()


def artifact(folder, name):
    with open(folder / f"{name}.json", encoding="utf-8") as source:
        return json.load(source)


def test_ridge_weights_match_scikit_learn(tmp_path):
    for vectorizer, alpha, settings in [("word:1-1", 3.0, {}), ("char_wb:2-5", 1.0, {"analyzer": "char_wb", "ngram_range": (2, 5)})]:
        out = tmp_path / vectorizer.replace(":", "-")
        jokemeter("train", "--data", "data/clean_comedy_gold_ru.csv", "--out", str(out), "--only", "lr",
                  "--vectorizer", vectorizer, "--alpha", str(alpha), "--folds", "2")
        ours = artifact(out, "lr")["estimator"]
        # A tight tolerance: scikit-learn's default (1e-4) stops well before the exact solution.
        reference = Ridge(alpha=alpha, solver="sparse_cg", tol=1e-12, max_iter=100_000)
        reference.fit(TfidfVectorizer(**settings).fit_transform(TEXTS), SCORES)
        scale = max(1.0, np.abs(reference.coef_).max())
        assert np.abs(np.array(ours["coef"]) - reference.coef_).max() <= 1e-6 * scale
        assert abs(ours["intercept"] - reference.intercept_) <= 1e-6 * max(1.0, abs(reference.intercept_))


def test_zero_alpha_predicts_like_linear_regression_on_held_out_rows(tmp_path):
    train = [i for i in range(len(TEXTS)) if i % 5]
    held_out = [TEXTS[i] for i in range(len(TEXTS)) if i % 5 == 0]
    write_data(tmp_path / "train.csv", [TEXTS[i] for i in train], [SCORES[i] for i in train])
    jokemeter("train", "--data", str(tmp_path / "train.csv"), "--out", str(tmp_path), "--only", "lr",
              "--vectorizer", "word:1-1", "--alpha", "0", "--folds", "2")
    # LinearRegression solves with lsqr; its default tol=1e-6 leaves it about 1e-5 from the exact answer.
    reference = make_pipeline(TfidfVectorizer(), LinearRegression(tol=1e-12))
    reference.fit([TEXTS[i] for i in train], [SCORES[i] for i in train])
    ours = np.array(predict(str(tmp_path), "lr", held_out))
    assert np.abs(ours - reference.predict(held_out)).max() <= 1e-6


def swift_folds(count, folds, seed):
    """Our KFold: SplitMix64 shuffle (Fisher-Yates from the end), first count % folds folds one larger."""
    mask = (1 << 64) - 1
    state = seed

    def next_value():
        nonlocal state
        state = (state + 0x9E3779B97F4A7C15) & mask
        mixed = state
        mixed = ((mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9) & mask
        mixed = ((mixed ^ (mixed >> 27)) * 0x94D049BB133111EB) & mask
        return mixed ^ (mixed >> 31)

    order = list(range(count))
    for position in range(count - 1, 0, -1):
        other = next_value() % (position + 1)
        order[position], order[other] = order[other], order[position]
    start = 0
    for fold in range(folds):
        size = count // folds + (1 if fold < count % folds else 0)
        test = sorted(order[start:start + size])
        yield [i for i in range(count) if i not in set(test)], test
        start += size


def test_the_fold_copy_gives_the_folds_pinned_in_the_swift_tests():
    assert [test for _, test in swift_folds(23, 5, 42)] == [[7, 9, 18, 20, 22], [2, 3, 11, 17, 21], [8, 10, 12, 13, 16],
                                                           [6, 14, 15, 19], [0, 1, 4, 5]]


def test_tree_cross_validation_matches_scikit_learn_within_two_percent(tmp_path):
    jokemeter("train", "--data", "data/clean_comedy_gold_ru.csv", "--out", str(tmp_path), "--only", "tr",
              "--vectorizer", "word:1-1", "--max-depth", "3", "--min-samples-leaf", "10")
    ours = artifact(tmp_path, "tr")["training"]["cv"]["rmse"]
    errors = []
    for train, test in swift_folds(len(TEXTS), 5, 42):
        model = make_pipeline(TfidfVectorizer(), DecisionTreeRegressor(max_depth=3, min_samples_leaf=10, random_state=0))
        model.fit([TEXTS[i] for i in train], [SCORES[i] for i in train])
        residuals = model.predict([TEXTS[i] for i in test]) - np.array([SCORES[i] for i in test])
        errors.append(float(np.sqrt(np.mean(residuals ** 2))))
    theirs = float(np.mean(errors))
    assert abs(ours - theirs) <= 0.02 * theirs, f"ours {ours}, scikit-learn {theirs}"
