"""YAML loading that remembers the line of every mapping, so errors can name file and line."""

from pathlib import Path

import yaml


class LineDict(dict):
    """A mapping from the pack, with the 1-based line it starts on."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        mapping = LineDict(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)


class PackError(Exception):
    """A problem in the pack, located by file and line."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path, self.line, self.message = _display(path), line, message
        location = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{location}: {message}")


def _display(path: Path | str) -> str:
    """The path relative to the working directory when it lies below it, else as given."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_yaml(path: Path):
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LineLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise PackError(path, line, f"ogiltig YAML: {error.problem or error}") from None
    except UnicodeDecodeError:
        raise PackError(path, None, "filen är inte UTF-8") from None


def line_of(value) -> int | None:
    return getattr(value, "line", None)
