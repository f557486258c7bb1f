"""Small helpers for driving pages the way a person does."""

import re


def submit(page, name: str | re.Pattern, **options) -> None:
    """Click a form's button and wait until the answer has loaded.

    A bare click returns as soon as the navigation starts; reading the page then can return the
    empty document in between (CI saw `'' == content()` on a fast machine)."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, **options).click()
