"""Swedish messages for the codes of eligibility.guide: to readers and to editors."""

from django.utils.translation import gettext_lazy as _

from eligibility.guide import Problem, ProblemKind, WalkError

# To the reader, on the step the guide brought them back to. Never echo what the URL said.
WALK_MESSAGES = {
    WalkError.UNREADABLE: _(
        "Adressen innehöll svar som inte gick att läsa. Du är tillbaka vid den senaste frågan "
        "som gick att läsa."
    ),
    WalkError.UNKNOWN_ANSWER: _(
        "Adressen innehöll ett svar som inte hör till den här frågan. Kanske har guiden ändrats "
        "sedan länken sparades. Välj ett svar här."
    ),
    WalkError.AFTER_OUTCOME: _(
        "Adressen innehöll fler svar än guiden har frågor. Här är resultatet av dina svar."
    ),
    WalkError.BROKEN_GUIDE: _(
        "Guiden kunde inte visas just nu. Läs mer på sidorna om vem som kan få personligt ombud."
    ),
}

NO_CHOICE = _("Välj ett av svaren för att gå vidare.")


def walk_message(error: WalkError | None) -> str:
    return str(WALK_MESSAGES[error]) if error else ""


def problem_message(problem: Problem) -> str:
    """One sentence for an editor about what is wrong with the guide and where."""
    values = {"key": problem.key, "detail": problem.detail}
    messages = {
        ProblemKind.NO_QUESTION: _("Guiden måste ha minst en fråga."),
        ProblemKind.START_NOT_QUESTION: _(
            "Guiden måste börja med en fråga, men första blocket är resultatet '%(key)s'."
        ),
        ProblemKind.NO_OUTCOME: _("Guiden måste ha minst ett resultat."),
        ProblemKind.DUPLICATE_KEY: _(
            "Nyckeln '%(key)s' används mer än en gång. Varje fråga och resultat behöver en egen."
        ),
        ProblemKind.DUPLICATE_ANSWER: _("Frågan '%(key)s' har svaret '%(detail)s' mer än en gång."),
        ProblemKind.DANGLING_NEXT: _(
            "Ett svar på frågan '%(key)s' leder till '%(detail)s', men det finns ingen fråga "
            "eller något resultat med den nyckeln."
        ),
        ProblemKind.CYCLE: _(
            "Svaren leder runt i en slinga (%(detail)s). Varje väg måste sluta i ett resultat."
        ),
        ProblemKind.UNREACHABLE: _(
            "Inget svar leder till '%(key)s', så ingen läsare kan nå den. Ta bort den eller låt "
            "ett svar leda dit."
        ),
    }
    return str(messages[problem.kind] % values)
