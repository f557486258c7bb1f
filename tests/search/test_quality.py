"""The judged questions (bench/search_questions.yaml) on the real content, on SQLite: the suite
holds search quality to where it is, so that a change to content, analysis or ranking that
costs readers good answers fails here instead of going unnoticed until someone runs the
benchmark (it went from success@3 0.913 to 0.846 between 2026-12-01 and 2026-12-07 that way).
The portal's target is 0.90 (README); raise the floor as quality comes back."""

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

SUCCESS_AT_3_FLOOR = 0.86  # measured 0.865 (90 of 104) on 2026-12-07 (0.846 before that day)


def _quality_scores():
    path = Path(__file__).resolve().parents[2] / "bench" / "quality_scores.py"
    spec = importlib.util.spec_from_file_location("quality_scores", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_judged_question_finds_something_and_most_find_a_right_answer_in_the_top_three(
    real_pack_in_db,
):
    quality = _quality_scores()
    scores = quality.judged_questions_scores(quality.load_questions())
    assert scores.questions >= 100
    assert scores.zero == 0
    misses = "\n".join(f"{m.rank}: {m.query} -> {m.top3}" for m in scores.misses)
    assert scores.success_at_3 >= SUCCESS_AT_3_FLOOR, misses
