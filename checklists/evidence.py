"""What other apps know about a programme, shown beside an assessment as evidence, and links
from the tool to them. checklists never imports those apps: they register with Wagtail hooks.

- `register_assessment_evidence`: `provider(*, user, assessment, area_key) -> list[Evidence]`,
  the evidence for one area of the checklist (by its permanent key), as far as the user may
  see it in the providing app.
- `register_tillsyn_links`: `provider(*, user) -> list[tuple[str, str]]`, (text, URL) for the
  tool's menu.
"""

from dataclasses import dataclass

from wagtail import hooks

EVIDENCE_HOOK = "register_assessment_evidence"
LINKS_HOOK = "register_tillsyn_links"


@dataclass(frozen=True)
class Evidence:
    title: str
    lines: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (text, URL)


def assessment_evidence(*, user, assessment, area_key: str) -> list[Evidence]:
    found = []
    for provider in hooks.get_hooks(EVIDENCE_HOOK):
        found.extend(provider(user=user, assessment=assessment, area_key=area_key))
    return found


def tool_links(*, user) -> list[tuple[str, str]]:
    return [link for provider in hooks.get_hooks(LINKS_HOOK) for link in provider(user=user)]
