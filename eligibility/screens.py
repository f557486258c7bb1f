"""What one request to the guide shows: replay the answers in the URL, then pick the screen."""

from dataclasses import dataclass
from urllib.parse import urlencode

from eligibility import guide
from eligibility.blocks import steps_of
from eligibility.messages import NO_CHOICE, walk_message

ANSWERS_PARAM = "svar"  # the answers so far, e.g. ?svar=alder-ja.diagnos-nej
CHOICE_PARAM = "val"  # the radio button of the question being answered
QUESTION_PARAM = "fraga"  # always sent by the form, so a missing choice can be told apart


@dataclass(frozen=True)
class Screen:
    walk: guide.Walk
    block: object  # the StructValue of the current question or outcome, or None
    message: str
    no_choice: bool
    step: int
    most: int
    answers_param: str
    back_query: str | None  # None on the first question; "" means the start

    @property
    def is_outcome(self) -> bool:
        return self.walk.is_outcome

    @property
    def has_error(self) -> bool:
        """The URL was wrong (not a missing choice, which is an ordinary form error)."""
        return self.walk.error is not None

    @property
    def answered(self) -> bool:
        return bool(self.walk.answers) or self.has_error


def query_for(answers) -> str:
    return "?" + urlencode({ANSWERS_PARAM: guide.join_answers(answers)}) if answers else ""


def guide_screen(*, steps, params) -> Screen:
    """The screen for `params` (request.GET) in a guide with the StreamField `steps`."""
    graph = guide.graph_from_steps(steps_of(steps))
    answers, parse_error = guide.parse_answers(params.get(ANSWERS_PARAM))
    walked = guide.walk(graph, answers)
    if parse_error and walked.error is None:
        walked = guide.Walk(walked.current, walked.answers, walked.is_outcome, parse_error)
    no_choice = (
        not walked.error
        and not walked.is_outcome
        and QUESTION_PARAM in params
        and not params.get(CHOICE_PARAM)
    )
    blocks = {child.value["key"]: child.value for child in steps}
    step, most = guide.progress(graph, walked)
    return Screen(
        walk=walked,
        block=blocks.get(walked.current) if walked.current else None,
        message=walk_message(walked.error) or (str(NO_CHOICE) if no_choice else ""),
        no_choice=no_choice,
        step=step,
        most=most,
        answers_param=guide.join_answers(walked.answers),
        back_query=query_for(walked.answers[:-1]) if walked.answers else None,
    )


def next_query(params) -> str | None:
    """For a submitted answer: the address of the next step (answers so far plus the choice)."""
    if QUESTION_PARAM not in params or not params.get(CHOICE_PARAM):
        return None
    answers, error = guide.parse_answers(params.get(ANSWERS_PARAM))
    choice = params.get(CHOICE_PARAM, "")
    if error or not guide.is_key(choice):
        # Unreadable on purpose: the replay returns to the last readable step with a message.
        choice = "-"
    return query_for([*answers, choice])
