"""axe-core in the browser tests: one rule set (WCAG 2.1 A and AA) and one report format.

Only violations are asked for (`resultTypes`): axe then stops collecting every node that passed,
which it otherwise sends back to Python for each page, and a page's check is several times faster.
"""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_AXE = Axe()  # reads axe-core's script once


def raw_violations(page) -> list[dict]:
    """axe's violations on the page as it is now, as axe reports them."""
    return _AXE.run(page, options=WCAG_21_AA).response["violations"]


def violations(page) -> list[str]:
    """The violations on the page as it is now, one readable line each (empty: none)."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']]}"
        for v in raw_violations(page)
    ]


def violations_on(page, url: str) -> list[str]:
    page.goto(url)
    return violations(page)
