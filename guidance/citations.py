"""Numbered references: every citation in a page's body gets a number, shared by repeats."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reference:
    number: int
    source: object
    locator: str

    @property
    def anchor(self) -> str:
        return f"kalla-{self.number}"


@dataclass
class References:
    items: list[Reference] = field(default_factory=list)
    by_key: dict[str, list[Reference]] = field(default_factory=dict)
    numbered: dict[tuple, Reference] = field(default_factory=dict)  # by (source pk, locator)

    def add(self, key: str, source, locator: str) -> None:
        if source is None:  # a deleted source: the page fails validation on its next save
            return
        reference = self.numbered.get((source.pk, locator))
        if reference is None:
            reference = Reference(len(self.items) + 1, source, locator)
            self.items.append(reference)
            self.numbered[(source.pk, locator)] = reference
        found = self.by_key.setdefault(key, [])
        if reference not in found:
            found.append(reference)

    def for_key(self, key: str) -> list[Reference]:
        return self.by_key.get(key, [])


def citation_key(block_id: str, item: int | None = None) -> str:
    return block_id if item is None else f"{block_id}:{item}"


def number_citations(stream) -> References:
    """Walk a guidance body in reading order and number each distinct source and locator."""
    references = References()
    for block in stream:
        value = block.value
        if block.block_type == "text":
            for citation in value["citations"]:
                references.add(citation_key(block.id), citation["source"], citation["locator"])
        elif block.block_type == "quote":
            references.add(citation_key(block.id), value["source"], value["locator"])
        elif block.block_type == "qa":
            for index, item in enumerate(value["items"]):
                for citation in item["citations"]:
                    references.add(
                        citation_key(block.id, index), citation["source"], citation["locator"]
                    )
    return references
