"""What an annual report (årlig redovisning) contains, and when its numbers add up.

A version's content is a flat mapping of field name to value: counts, amounts, the number of
posts and short texts. Only aggregated counts: no field describes a person. The items are the
ones the sources show programmes reporting to their länsstyrelse (seed 003: posts and ombud,
clients new, ongoing and ended by gender and age band, contact reasons, queue and priorities,
systembrister by actor, actions, the ledningsgrupp; seed 000: how clients came; seed 001 and
004: the grant and the municipalities' own money).

`clean` checks types and limits (a draft may be saved when these hold); `consistency_errors`
checks that the counts add up and that what submission needs is there (a version is sent only
when both hold). Both say what is wrong in Swedish, per field or per group of fields.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guidance.choices import DeficiencyActor, DeficiencyLevel
from reporting.choices import AgeBand, ClientFlow, ClientPath, ContactReason, Gender

COUNT_MAX = 100_000
AMOUNT_MAX = 1_000_000_000  # kronor
POSTS_MAX = Decimal(200)
SHORT_TEXT = 200
LONG_TEXT = 4000

COUNT, POSTS, AMOUNT, TEXT, LONG = "count", "posts", "amount", "text", "long"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    label: str | Promise
    help_text: str | Promise = ""
    required: bool = True  # for submission; a draft may leave anything empty

    @property
    def is_number(self) -> bool:
        return self.kind in (COUNT, POSTS, AMOUNT)


@dataclass(frozen=True)
class Grid:
    """Counts in a table: a row per row choice, a column per column choice."""

    key: str
    caption: str | Promise
    rows: type
    columns: type
    help_text: str | Promise = ""
    required: bool = True

    def name(self, row: str, column: str) -> str:
        return f"{self.key}-{row}-{column}"

    def fields(self) -> list[Field]:
        return [
            Field(
                self.name(row.value, column.value),
                COUNT,
                f"{row.label}, {column.label}",
                required=self.required,
            )
            for row in self.rows
            for column in self.columns
        ]

    def column_total(self, values: Mapping, column: str) -> int:
        return sum(values.get(self.name(row.value, column)) or 0 for row in self.rows)


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    fields: tuple[Field, ...] = ()
    grids: tuple[Grid, ...] = ()

    def all_fields(self) -> list[Field]:
        return [*self.fields, *(field for grid in self.grids for field in grid.fields())]


CLIENTS = Grid(
    "klienter",
    gettext_lazy("Klienter under året efter kön"),
    ClientFlow,
    Gender,
    gettext_lazy(
        "Nya och de som hade stöd sedan tidigare år är tillsammans alla som fått stöd under "
        "året. Avslutade är de av dem vars kontakt avslutades under året."
    ),
)
AGES = Grid(
    "alder",
    gettext_lazy("Alla klienter under året efter ålder och kön"),
    AgeBand,
    Gender,
    gettext_lazy("Ålder vid årets slut, eller när kontakten avslutades."),
)
REASONS = Grid(
    "orsak",
    gettext_lazy("Kontaktorsaker efter kön"),
    ContactReason,
    Gender,
    gettext_lazy(
        "En klient kan ha flera kontaktorsaker, så summan kan vara större än antalet klienter."
    ),
)
DEFICIENCIES = Grid(
    "brist",
    gettext_lazy("Systembrister efter aktör och nivå"),
    DeficiencyActor,
    DeficiencyLevel,
    gettext_lazy(
        "Ifyllt från årets rapporter om systembrister när redovisningen påbörjades. Ändra om "
        "ledningsgruppen har räknat annorlunda."
    ),
    required=False,
)

SECTIONS = (
    Section(
        "tjanster",
        gettext_lazy("Tjänster och ombud"),
        fields=(
            Field(
                "tjanster",
                POSTS,
                gettext_lazy("Antal ombudstjänster (heltid)"),
                gettext_lazy("Vid årets slut, t.ex. 2,5."),
            ),
            Field(
                "ombud", COUNT, gettext_lazy("Antal personliga ombud"), gettext_lazy("Personer.")
            ),
        ),
    ),
    Section(
        "klienter",
        gettext_lazy("Klienter"),
        fields=(
            Field(
                "hushall-barn",
                COUNT,
                gettext_lazy("Hushåll med hemmavarande barn"),
                gettext_lazy("Antal klienter under året som har barn som bor hemma."),
                required=False,
            ),
        ),
        grids=(CLIENTS, AGES),
    ),
    Section(
        "vag-in",
        gettext_lazy("Hur nya klienter kom till verksamheten"),
        fields=tuple(
            Field(f"vag-{path.value}", COUNT, path.label, required=True) for path in ClientPath
        ),
    ),
    Section("kontaktorsaker", gettext_lazy("Kontaktorsaker"), grids=(REASONS,)),
    Section(
        "ko",
        gettext_lazy("Kö och prioriteringar"),
        fields=(
            Field("ko-arsskifte", COUNT, gettext_lazy("Antal som väntade i kö vid årets slut")),
            Field(
                "ko-vantetid",
                TEXT,
                gettext_lazy("Väntetid när det fanns kö"),
                gettext_lazy("T.ex. ”14 dagar till 3 månader”."),
                required=False,
            ),
            Field(
                "ko-prioriteringar",
                LONG,
                gettext_lazy("Vilka prioriteras när det finns kö?"),
                required=False,
            ),
        ),
    ),
    Section(
        "systembrister",
        gettext_lazy("Systembrister"),
        fields=(
            Field(
                "brister-text",
                LONG,
                gettext_lazy("Uppmärksammade brister"),
                gettext_lazy("Sammanfatta bristerna. Inga uppgifter om enskilda personer."),
                required=False,
            ),
        ),
        grids=(DEFICIENCIES,),
    ),
    Section(
        "atgarder",
        gettext_lazy("Åtgärder"),
        fields=(
            Field(
                "atgarder",
                LONG,
                gettext_lazy("Åtgärder utifrån bristerna"),
                gettext_lazy(
                    "Vad ombuden och ledningsgruppen har gjort, och vad det har lett till."
                ),
                required=False,
            ),
        ),
    ),
    Section(
        "ledningsgrupp",
        gettext_lazy("Ledningsgruppen"),
        fields=(
            Field(
                "ledningsgrupp-organisationer",
                LONG,
                gettext_lazy("Organisationer i ledningsgruppen"),
                gettext_lazy("En organisation per rad, t.ex. ”Försäkringskassan”. Inga namn."),
            ),
            Field("ledningsgrupp-moten", COUNT, gettext_lazy("Antal möten under året")),
        ),
    ),
    Section(
        "statsbidrag",
        gettext_lazy("Statsbidraget"),
        fields=(
            Field("bidrag-beviljat", AMOUNT, gettext_lazy("Beviljat statsbidrag (kronor)")),
            Field("bidrag-anvant", AMOUNT, gettext_lazy("Använt statsbidrag (kronor)")),
            Field(
                "bidrag-egen",
                AMOUNT,
                gettext_lazy("Kommunernas egen finansiering (kronor)"),
                required=False,
            ),
            Field(
                "bidrag-kommentar",
                LONG,
                gettext_lazy("Kommentar om användningen"),
                gettext_lazy("T.ex. vad ett överskott beror på."),
                required=False,
            ),
        ),
    ),
)

FIELDS: dict[str, Field] = {field.name: field for s in SECTIONS for field in s.all_fields()}
TEXT_FIELDS = tuple(name for name, field in FIELDS.items() if not field.is_number)


class ContentError(ValueError):
    """Values that cannot be saved; `errors` maps a field name to its Swedish messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _number(field: Field, raw) -> int | str | None:
    """The stored form of one number: int, or for posts a decimal string; None when empty."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if field.kind == POSTS:
        try:
            value = Decimal(str(raw).strip().replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise ValueError(_("Skriv antalet tjänster som ett tal, t.ex. 2,5.")) from None
        if not value.is_finite() or value < 0 or value > POSTS_MAX:
            raise ValueError(_("Antalet tjänster ska vara mellan 0 och 200."))
        if value != value.quantize(Decimal("0.1")):
            raise ValueError(_("Ange tjänsterna med högst en decimal, t.ex. 2,5."))
        return str(value.quantize(Decimal("0.1")))
    if isinstance(raw, bool):
        raise ValueError(_("Skriv ett heltal."))
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
    if not text.isdigit() or not text.isascii():
        raise ValueError(_("Skriv ett heltal, 0 eller större."))
    value = int(text)
    limit = AMOUNT_MAX if field.kind == AMOUNT else COUNT_MAX
    if value > limit:
        raise ValueError(_("Talet är för stort (högst %(max)s).") % {"max": limit})
    return value


def clean(raw: Mapping, *, text_check=None) -> dict:
    """Every known field, checked: numbers as numbers, texts within their length and free of
    personal data (`text_check(text)` returns a message, or None). Unknown names are refused:
    a tampered form saves nothing."""
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise ContentError(
            {"__all__": [_("Formuläret innehåller fält som inte finns i årsredovisningen.")]}
        )
    cleaned, errors = {}, {}
    for name, field in FIELDS.items():
        value = raw.get(name)
        if field.is_number:
            try:
                cleaned[name] = _number(field, value)
            except ValueError as error:
                errors[name] = [str(error)]
            continue
        text = "" if value is None else str(value).replace("\r\n", "\n").strip()
        limit = SHORT_TEXT if field.kind == TEXT else LONG_TEXT
        if len(text) > limit:
            errors[name] = [_("Texten är för lång (högst %(max)s tecken).") % {"max": limit}]
            continue
        message = text_check(text) if text_check and text else None
        if message:
            errors[name] = [message]
            continue
        cleaned[name] = text
    if errors:
        raise ContentError(errors)
    return cleaned


def _gender_label(gender: str) -> str:
    return str(Gender(gender).label).lower()


def consistency_errors(values: Mapping) -> dict[str, list[str]]:
    """What does not add up, or is missing for submission: field or group name → messages."""
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    for name, field in FIELDS.items():
        if field.required and values.get(name) in (None, ""):
            add(name, _("Fyll i uppgiften (skriv 0 om det inte finns några)."))
    new_total = 0
    for gender in Gender.values:
        new = values.get(CLIENTS.name(ClientFlow.NEW, gender)) or 0
        ongoing = values.get(CLIENTS.name(ClientFlow.ONGOING, gender)) or 0
        ended = values.get(CLIENTS.name(ClientFlow.ENDED, gender)) or 0
        new_total += new
        if ended > new + ongoing:
            add(
                CLIENTS.name(ClientFlow.ENDED, gender),
                _(
                    "Fler avslutade %(gender)s (%(ended)s) än nya och sedan tidigare "
                    "tillsammans (%(all)s)."
                )
                % {"gender": _gender_label(gender), "ended": ended, "all": new + ongoing},
            )
        by_age = AGES.column_total(values, gender)
        if by_age != new + ongoing:
            add(
                AGES.key,
                _(
                    "Åldersgrupperna för %(gender)s summerar till %(by_age)s, men nya och "
                    "sedan tidigare är %(all)s."
                )
                % {"gender": _gender_label(gender), "by_age": by_age, "all": new + ongoing},
            )
    paths = sum(values.get(f"vag-{path}") or 0 for path in ClientPath.values)
    if paths != new_total:
        add(
            "vag-in",
            _("Vägarna in summerar till %(paths)s, men antalet nya klienter är %(new)s.")
            % {"paths": paths, "new": new_total},
        )
    granted, used = values.get("bidrag-beviljat"), values.get("bidrag-anvant")
    if granted is not None and used is not None and used > granted:
        add(
            "bidrag-anvant",
            _("Använt statsbidrag (%(used)s kr) är större än beviljat (%(granted)s kr).")
            % {"used": used, "granted": granted},
        )
    return errors


def blank() -> dict:
    return {name: (None if field.is_number else "") for name, field in FIELDS.items()}


def changes(before: Mapping, after: Mapping) -> dict[str, list]:
    """Field by field, what a save changed: name → [before, after]."""
    return {
        name: [before.get(name), after.get(name)]
        for name in FIELDS
        if before.get(name) != after.get(name)
    }


def totals(values: Mapping) -> dict[str, int]:
    """The headline numbers: all clients, new, ongoing, ended, systembrister."""
    flows = {
        flow: sum(values.get(CLIENTS.name(flow, g)) or 0 for g in Gender.values)
        for flow in ClientFlow.values
    }
    return {
        "klienter": flows[ClientFlow.NEW] + flows[ClientFlow.ONGOING],
        "nya": flows[ClientFlow.NEW],
        "pagaende": flows[ClientFlow.ONGOING],
        "avslutade": flows[ClientFlow.ENDED],
        "systembrister": sum(
            values.get(DEFICIENCIES.name(a, level)) or 0
            for a in DeficiencyActor.values
            for level in DeficiencyLevel.values
        ),
    }


def grid_values(values: Mapping, grid: Grid) -> list[tuple[str, list[int | None]]]:
    """A grid's rows as (row label, values per column), for tables and exports."""
    return [
        (
            str(row.label),
            [values.get(grid.name(row.value, column.value)) for column in grid.columns],
        )
        for row in grid.rows
    ]


def organisations(values: Mapping) -> list[str]:
    lines = (values.get("ledningsgrupp-organisationer") or "").splitlines()
    return [line.strip() for line in lines if line.strip()]


def labels(names: Iterable[str]) -> dict[str, str]:
    return {name: str(FIELDS[name].label) for name in names if name in FIELDS}
