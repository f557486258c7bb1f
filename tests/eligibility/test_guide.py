"""eligibility.guide without Django: validation, replaying answers and progress."""

import pytest

from eligibility import guide
from eligibility.guide import ProblemKind, WalkError

# alder → (ja) behov → (ja) vill → troligen | inte-nu ; (osaker) kanske ; alder (nej) → andra
STEPS = [
    ("question", "alder", [("alder-ja", "behov"), ("alder-nej", "andra")]),
    ("question", "behov", [("behov-ja", "vill"), ("behov-osaker", "kanske")]),
    ("question", "vill", [("vill-ja", "troligen"), ("vill-nej", "inte-nu")]),
    ("outcome", "troligen", []),
    ("outcome", "kanske", []),
    ("outcome", "andra", []),
    ("outcome", "inte-nu", []),
]
GRAPH = guide.graph_from_steps(STEPS)


def kinds(steps) -> list[ProblemKind]:
    return [problem.kind for problem in guide.problems(steps)]


class TestValidation:
    def test_a_well_formed_guide_has_no_problems(self):
        assert guide.problems(STEPS) == []

    def test_a_cycle_is_named_with_its_keys(self):
        steps = [*STEPS]
        steps[2] = ("question", "vill", [("vill-ja", "troligen"), ("vill-nej", "behov")])
        steps.remove(("outcome", "inte-nu", []))
        found = guide.problems(steps)
        assert [p.kind for p in found] == [ProblemKind.CYCLE]
        assert found[0].detail == "behov → vill → behov"

    def test_an_answer_leading_back_to_the_start_is_a_cycle(self):
        steps = [*STEPS]
        steps[1] = ("question", "behov", [("behov-ja", "vill"), ("behov-osaker", "alder")])
        assert ProblemKind.CYCLE in kinds(steps)

    def test_a_next_key_that_does_not_exist_is_dangling(self):
        steps = [*STEPS]
        steps[0] = ("question", "alder", [("alder-ja", "behov"), ("alder-nej", "finns-inte")])
        found = guide.problems(steps)
        assert (found[0].kind, found[0].key, found[0].detail) == (
            ProblemKind.DANGLING_NEXT,
            "alder",
            "finns-inte",
        )

    def test_unreachable_questions_and_outcomes_are_problems(self):
        steps = [*STEPS, ("question", "ensam", [("a", "troligen"), ("b", "kanske")])]
        steps.append(("outcome", "glomd", []))
        found = guide.problems(steps)
        assert {(p.kind, p.key) for p in found} == {
            (ProblemKind.UNREACHABLE, "ensam"),
            (ProblemKind.UNREACHABLE, "glomd"),
        }

    def test_a_key_used_twice_is_a_problem_even_across_questions_and_outcomes(self):
        steps = [*STEPS, ("outcome", "behov", [])]
        assert kinds(steps) == [ProblemKind.DUPLICATE_KEY]

    def test_an_answer_key_used_twice_in_one_question_is_a_problem(self):
        steps = [*STEPS]
        steps[0] = ("question", "alder", [("alder-ja", "behov"), ("alder-ja", "andra")])
        assert ProblemKind.DUPLICATE_ANSWER in kinds(steps)

    def test_the_guide_must_start_with_a_question_and_have_an_outcome(self):
        assert kinds([("outcome", "x", []), *STEPS]) == [ProblemKind.START_NOT_QUESTION]
        no_outcome = [("question", "q", [("a", "q2")]), ("question", "q2", [("b", "q")])]
        assert kinds(no_outcome) == [ProblemKind.NO_OUTCOME]
        assert kinds([("outcome", "x", [])]) == [ProblemKind.NO_QUESTION]


class TestParsing:
    def test_answers_are_dot_separated_keys(self):
        assert guide.parse_answers("alder-ja.behov-ja") == (["alder-ja", "behov-ja"], None)
        assert guide.parse_answers(None) == ([], None)
        assert guide.parse_answers("") == ([], None)

    @pytest.mark.parametrize(
        "raw",
        [
            "alder-ja..behov-ja",
            "alder-ja.Behov",
            "alder-ja.\x00",
            "alder-ja.ålder",
            "alder-ja.",
            "alder-ja.<script>",
            "alder-ja.возраст",
            "alder-ja.عمر",
            "alder-ja.behov-ja\n",
        ],
    )
    def test_what_cannot_be_read_keeps_the_readable_start(self, raw):
        assert guide.parse_answers(raw) == (["alder-ja"], WalkError.UNREADABLE)

    def test_a_very_long_string_is_refused_without_being_split(self):
        assert guide.parse_answers("a." * 5000) == ([], WalkError.UNREADABLE)


class TestWalk:
    def test_no_answers_is_the_first_question(self):
        walked = guide.walk(GRAPH, [])
        assert (walked.current, walked.is_outcome, walked.error, walked.step) == (
            "alder",
            False,
            None,
            1,
        )

    def test_answers_lead_to_the_next_question_and_to_an_outcome(self):
        assert guide.walk(GRAPH, ["alder-ja"]).current == "behov"
        walked = guide.walk(GRAPH, ["alder-ja", "behov-ja", "vill-nej"])
        assert (walked.current, walked.is_outcome, walked.error) == ("inte-nu", True, None)

    def test_an_unknown_answer_stops_at_the_question_it_was_given_to(self):
        walked = guide.walk(GRAPH, ["alder-ja", "vill-ja", "vill-ja"])
        assert (walked.current, walked.answers, walked.error) == (
            "behov",
            ("alder-ja",),
            WalkError.UNKNOWN_ANSWER,
        )

    def test_a_repeated_answer_is_unknown_to_the_next_question(self):
        walked = guide.walk(GRAPH, ["alder-ja", "alder-ja"])
        assert (walked.current, walked.error) == ("behov", WalkError.UNKNOWN_ANSWER)

    def test_answers_after_an_outcome_keep_the_outcome(self):
        walked = guide.walk(GRAPH, ["alder-nej", "behov-ja", "vill-ja"])
        assert (walked.current, walked.answers, walked.is_outcome, walked.error) == (
            "andra",
            ("alder-nej",),
            True,
            WalkError.AFTER_OUTCOME,
        )

    def test_a_guide_without_a_start_question_is_reported_not_raised(self):
        empty = guide.graph_from_steps([])
        assert guide.walk(empty, ["x"]).error == WalkError.BROKEN_GUIDE


class TestProgress:
    def test_the_most_questions_follow_the_longest_remaining_path(self):
        assert guide.remaining_questions(GRAPH, "alder") == 3
        assert guide.remaining_questions(GRAPH, "vill") == 1
        assert guide.progress(GRAPH, guide.walk(GRAPH, [])) == (1, 3)
        assert guide.progress(GRAPH, guide.walk(GRAPH, ["alder-ja", "behov-ja"])) == (3, 3)

    def test_at_an_outcome_the_count_is_the_questions_answered(self):
        assert guide.progress(GRAPH, guide.walk(GRAPH, ["alder-nej"])) == (1, 1)

    def test_remaining_questions_survives_a_cycle(self):
        cyclic = guide.Graph(questions={"a": {"x": "b"}, "b": {"y": "a"}}, start="a")
        assert guide.remaining_questions(cyclic, "a") == 2


def test_all_paths_enumerates_every_route_to_its_end():
    assert sorted(guide.all_paths(GRAPH)) == sorted(
        [
            (("alder-ja", "behov-ja", "vill-ja"), "troligen"),
            (("alder-ja", "behov-ja", "vill-nej"), "inte-nu"),
            (("alder-ja", "behov-osaker"), "kanske"),
            (("alder-nej",), "andra"),
        ]
    )
    for answers, end in guide.all_paths(GRAPH):
        walked = guide.walk(GRAPH, list(answers))
        assert (walked.current, walked.is_outcome, walked.error) == (end, True, None)
