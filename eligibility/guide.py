"""The guide as a graph: questions whose answers lead to a question or an outcome.

Pure functions without Django, so that every rule (validation, replaying the answers in a URL,
progress) can be tested exhaustively. Messages for people are chosen elsewhere from the codes.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum

KEY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*\Z"
KEY = re.compile(KEY_PATTERN)
MAX_KEY_LENGTH = 60
SEPARATOR = "."
# Longer answer strings are refused before they are split: no real path is near this long.
MAX_ANSWERS_LENGTH = 1000


@dataclass(frozen=True)
class Graph:
    """`questions` maps a question key to its answers (answer key → next key), in order."""

    questions: dict[str, dict[str, str]]
    outcomes: frozenset[str] = field(default_factory=frozenset)
    start: str | None = None

    def is_outcome(self, key: str) -> bool:
        return key in self.outcomes and key not in self.questions


class WalkError(StrEnum):
    UNREADABLE = "unreadable"  # too long, control characters or not keys at all
    UNKNOWN_ANSWER = "unknown-answer"  # not an answer of the question it was given to
    AFTER_OUTCOME = "after-outcome"  # more answers after the guide had reached an outcome
    BROKEN_GUIDE = "broken-guide"  # the guide itself leads nowhere (saved content prevents it)


@dataclass(frozen=True)
class Walk:
    """Where a list of answers leads: a question or an outcome, and the answers that held."""

    current: str | None
    answers: tuple[str, ...]
    is_outcome: bool
    error: WalkError | None = None

    @property
    def step(self) -> int:
        """The number of the current question (1 for the first)."""
        return len(self.answers) + 1


class ProblemKind(StrEnum):
    NO_QUESTION = "no-question"
    START_NOT_QUESTION = "start-not-question"
    NO_OUTCOME = "no-outcome"
    DUPLICATE_KEY = "duplicate-key"
    DUPLICATE_ANSWER = "duplicate-answer"
    DANGLING_NEXT = "dangling-next"
    CYCLE = "cycle"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    key: str = ""
    detail: str = ""


# Reading the answers from a URL ---------------------------------------------------------------


def parse_answers(raw: str | None) -> tuple[list[str], WalkError | None]:
    """The answer keys of `svar=a.b.c`; an empty list and an error when it cannot be read."""
    if raw is None or raw == "":
        return [], None
    if len(raw) > MAX_ANSWERS_LENGTH:
        return [], WalkError.UNREADABLE
    parts = raw.split(SEPARATOR)
    keys = []
    for part in parts:
        if not is_key(part):
            # Keep what could be read before the bad part: the reader returns to that step.
            return keys, WalkError.UNREADABLE
        keys.append(part)
    return keys, None


def is_key(value: str) -> bool:
    return len(value) <= MAX_KEY_LENGTH and KEY.fullmatch(value) is not None


def join_answers(answers) -> str:
    return SEPARATOR.join(answers)


# Replaying answers ----------------------------------------------------------------------------


def walk(graph: Graph, answers: list[str]) -> Walk:
    """Replay `answers` from the start; stop at the first one that does not fit, with an error."""
    current = graph.start
    if current is None or current not in graph.questions:
        return Walk(None, (), False, WalkError.BROKEN_GUIDE)
    taken: list[str] = []
    for answer in answers:
        if graph.is_outcome(current):
            return Walk(current, tuple(taken), True, WalkError.AFTER_OUTCOME)
        following = graph.questions[current].get(answer)
        if following is None:
            return Walk(current, tuple(taken), False, WalkError.UNKNOWN_ANSWER)
        if following not in graph.questions and not graph.is_outcome(following):
            return Walk(current, tuple(taken), False, WalkError.BROKEN_GUIDE)
        taken.append(answer)
        current = following
    return Walk(current, tuple(taken), graph.is_outcome(current))


def remaining_questions(graph: Graph, key: str) -> int:
    """Questions on the longest path from `key` to an outcome, `key` included."""
    memo: dict[str, int] = {}

    def longest(node: str, visiting: frozenset[str]) -> int:
        if node not in graph.questions or node in visiting:
            return 0  # an outcome, a missing key, or a cycle that saved content cannot have
        if node not in memo:
            memo[node] = 1 + max(
                (longest(nxt, visiting | {node}) for nxt in graph.questions[node].values()),
                default=0,
            )
        return memo[node]

    return longest(key, frozenset())


def progress(graph: Graph, state: Walk) -> tuple[int, int]:
    """(current question number, the most questions this path can have)."""
    if state.current is None:
        return 0, 0
    if state.is_outcome:
        return len(state.answers), len(state.answers)
    return state.step, len(state.answers) + remaining_questions(graph, state.current)


# Validating a guide ---------------------------------------------------------------------------


def problems(
    steps: list[tuple[str, str, list[tuple[str, str]]]],
) -> list[Problem]:
    """Everything wrong with a guide given as its steps in order.

    Each step is `("question", key, [(answer_key, next_key), …])` or `("outcome", key, [])`.
    The first step is the start. An empty list means every path from the start reaches an
    outcome, nothing is unreachable and no key is used twice.
    """
    found: list[Problem] = []
    questions = [step for step in steps if step[0] == "question"]
    outcomes = [step for step in steps if step[0] == "outcome"]
    if not questions:
        found.append(Problem(ProblemKind.NO_QUESTION))
    elif steps[0][0] != "question":
        found.append(Problem(ProblemKind.START_NOT_QUESTION, steps[0][1]))
    if not outcomes:
        found.append(Problem(ProblemKind.NO_OUTCOME))

    seen: set[str] = set()
    for _kind, key, _answers in steps:
        if key in seen:
            found.append(Problem(ProblemKind.DUPLICATE_KEY, key))
        seen.add(key)
    for _kind, key, answers in questions:
        answer_keys = [answer for answer, _next in answers]
        for duplicate in sorted({a for a in answer_keys if answer_keys.count(a) > 1}):
            found.append(Problem(ProblemKind.DUPLICATE_ANSWER, key, duplicate))
        for _answer, nxt in answers:
            if nxt not in seen:
                found.append(Problem(ProblemKind.DANGLING_NEXT, key, nxt))
    if found:
        return found  # cycles and reachability only make sense on a well-formed graph

    graph = graph_from_steps(steps)
    cycle = find_cycle(graph)
    if cycle:
        found.append(Problem(ProblemKind.CYCLE, cycle[0], " → ".join(cycle)))
        return found
    reachable = reachable_keys(graph)
    for _kind, key, _answers in steps:
        if key not in reachable:
            found.append(Problem(ProblemKind.UNREACHABLE, key))
    return found


def graph_from_steps(steps: list[tuple[str, str, list[tuple[str, str]]]]) -> Graph:
    questions: dict[str, dict[str, str]] = {}
    outcomes = set()
    for kind, key, answers in steps:
        if kind == "question":
            questions.setdefault(key, dict(answers))
        else:
            outcomes.add(key)
    start = steps[0][1] if steps and steps[0][0] == "question" else None
    return Graph(questions=questions, outcomes=frozenset(outcomes), start=start)


def find_cycle(graph: Graph) -> list[str]:
    """One cycle as a list of keys, first key repeated at the end; empty when there is none."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph.questions, white)
    trail: list[str] = []

    def visit(node: str) -> list[str]:
        colour[node] = grey
        trail.append(node)
        for nxt in graph.questions[node].values():
            if nxt not in graph.questions:
                continue
            if colour[nxt] == grey:
                return [*trail[trail.index(nxt) :], nxt]
            if colour[nxt] == white:
                found = visit(nxt)
                if found:
                    return found
        trail.pop()
        colour[node] = black
        return []

    for node in graph.questions:
        if colour[node] == white:
            found = visit(node)
            if found:
                return found
    return []


def reachable_keys(graph: Graph) -> set[str]:
    if graph.start is None:
        return set()
    seen = {graph.start}
    stack = [graph.start]
    while stack:
        node = stack.pop()
        for nxt in graph.questions.get(node, {}).values():
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def all_paths(graph: Graph) -> list[tuple[tuple[str, ...], str]]:
    """Every path from the start as (answers, where it ends); for tests and editors' checks.

    A path ends where no question follows: at an outcome when the guide is valid.
    """
    paths: list[tuple[tuple[str, ...], str]] = []

    def follow(node: str, answers: tuple[str, ...], visiting: frozenset[str]) -> None:
        if node not in graph.questions or node in visiting:
            paths.append((answers, node))
            return
        for answer, nxt in graph.questions[node].items():
            follow(nxt, (*answers, answer), visiting | {node})

    if graph.start is not None:
        follow(graph.start, (), frozenset())
    return paths
