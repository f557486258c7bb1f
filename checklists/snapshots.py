"""The frozen text of a checklist: what an assessment answers, whatever editors change later."""

import hashlib
import json

from wagtail.rich_text import expand_db_html

from guidance.models import RuleSet, RuleSetPage


def checklist_snapshot(*, page) -> dict:
    """A checklist page's areas and items as plain data, with rule and source texts copied in."""
    rules = _rules(
        [rule for child in page.areas for item in child.value["items"] for rule in item["rules"]],
        locale_id=page.locale_id,
    )
    areas = []
    for area_number, child in enumerate(page.areas, start=1):
        area = child.value
        items = []
        for item_number, item in enumerate(area["items"], start=1):
            items.append(
                {
                    "key": item["key"],
                    "number": f"{area_number}.{item_number}",
                    "question": item["question"],
                    "guidance": expand_db_html(item["guidance"].source),
                    "evidence": item["evidence"],
                    "rules": [rules[rule.pk] for rule in item["rules"] if rule is not None],
                    "citations": [
                        {
                            "source": citation["source"].title,
                            "source_key": citation["source"].key,
                            "year": citation["source"].year,
                            "locator": citation["locator"],
                        }
                        for citation in item["citations"]
                        if citation["source"] is not None
                    ],
                }
            )
        areas.append(
            {
                "key": area["key"],
                "number": str(area_number),
                "title": area["title"],
                "intro": expand_db_html(area["intro"].source) if area["intro"] else "",
                "items": items,
            }
        )
    return {"title": page.title, "intro": expand_db_html(page.intro), "areas": areas}


def _rules(rules: list, *, locale_id: int | None) -> dict[int, dict]:
    """Each rule once, with its rule set and the URL of its page, in a fixed number of queries.
    The rule set page in the checklist's own language is linked (the English checklist links the
    English rule pages), else the first by path; so a snapshot never depends on who publishes."""

    rule_sets = RuleSet.objects.in_bulk({rule.rule_set_id for rule in rules if rule is not None})
    pages = {}
    for rule_page in RuleSetPage.objects.live().filter(rule_set_id__in=rule_sets).order_by("path"):
        known = pages.get(rule_page.rule_set_id)
        if known is None or (rule_page.locale_id == locale_id != known.locale_id):
            pages[rule_page.rule_set_id] = rule_page
    found = {}
    for rule in rules:
        if rule is None or rule.pk in found:
            continue
        rule_page = pages.get(rule.rule_set_id)
        found[rule.pk] = {
            "key": rule.key,
            "label": f"{rule_sets[rule.rule_set_id].short_title} {rule.number}",
            "force": rule.get_force_display(),
            "force_key": rule.force,
            "text": rule.text,
            "url": (
                rule_page.url + rule_page.reverse_subpage("rule", kwargs={"key": rule.key})
                if rule_page
                else ""
            ),
        }
    return found


def snapshot_hash(snapshot: dict) -> str:
    return hashlib.sha256(
        json.dumps(snapshot, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
