"""PyYAML's safe loader, with the scalars it cannot construct refused as YAML
errors.

PyYAML's safe constructors fail with ``KeyError``, ``IndexError`` or
``AttributeError`` on an explicitly tagged scalar they cannot read
(``!!bool x``, ``!!int ""``, ``!!timestamp x``): one such line in a file
took it (and a site's configuration, a data file) past every handler of
YAML errors.  Here they are :class:`yaml.constructor.ConstructorError`, with
the scalar's position, as any other value YAML cannot construct."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

__all__ = ["CheckedScalars", "PureSafeLoader", "SafeLoader", "checked"]

if TYPE_CHECKING:  # what the checker sees: the mixins sit on a safe loader
    _Mixin = yaml.constructor.SafeConstructor
    _ScannerMixin = yaml.SafeLoader
else:
    _Mixin = object
    _ScannerMixin = object


class _QuestionMarksInFlowText(_ScannerMixin):
    """A mixin for PyYAML's own scanner: a ``?`` inside a plain scalar of a
    flow collection is text, as it is to libyaml and in YAML 1.2.

    PyYAML ends such a scalar at the ``?`` and refuses the line
    (``links: [https://x.org/?q=1]``), which libyaml reads: the article read
    well and every edit of it (the lossless patcher composes with PyYAML's
    scanner, for its positions) was refused as invalid YAML."""

    def scan_plain(self) -> Any:
        if not self.flow_level:
            return super().scan_plain()
        # Only while a plain scalar of a flow collection is scanned, its
        # "?" is shown to the scanner as a letter (the scalar's text is cut
        # from the buffer: the "?" is kept).  An attribute of the instance
        # for that while: every other peek stays the scanner's own.
        self.peek = self._question_as_letter  # type: ignore[method-assign]
        try:
            return super().scan_plain()
        finally:
            del self.peek

    def _question_as_letter(self, index: int = 0) -> Any:
        char = type(self).peek(self, index)
        return "x" if char == "?" else char


class PureSafeLoader(_QuestionMarksInFlowText, yaml.SafeLoader):
    """PyYAML's own safe loader (for its error positions and the marks the
    lossless patcher cuts by), reading plain scalars as libyaml does."""


if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", PureSafeLoader)  # libyaml's, when installed

#: The scalar tags whose safe constructors fail without a YAML error.
SCALAR_TAGS = ("bool", "int", "float", "timestamp")


def _refused(node: yaml.Node, tag: str) -> yaml.constructor.ConstructorError:
    shown = str(node.value)
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    return yaml.constructor.ConstructorError(
        None, None, f"{shown!r} cannot be read as a {tag}", node.start_mark
    )


class CheckedScalars(_Mixin):
    """A mixin for a safe loader: its scalar constructors refuse what they
    cannot read with a YAML error (register them with :func:`checked`)."""

    def construct_yaml_bool(self, node: Any) -> Any:
        try:
            return super().construct_yaml_bool(node)
        except (KeyError, IndexError, AttributeError):
            raise _refused(node, "boolean") from None

    def construct_yaml_int(self, node: Any) -> Any:
        try:
            return super().construct_yaml_int(node)
        except (KeyError, IndexError, AttributeError):
            raise _refused(node, "number") from None

    def construct_yaml_float(self, node: Any) -> Any:
        try:
            return super().construct_yaml_float(node)
        except (KeyError, IndexError, AttributeError):
            raise _refused(node, "number") from None

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (KeyError, IndexError, AttributeError):
            raise _refused(node, "date") from None


def checked(loader: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """``loader`` (a :class:`CheckedScalars` loader) with its own checked
    constructors registered for the scalar tags (PyYAML registers the base
    class's functions, which a subclass's methods do not replace)."""
    for tag in SCALAR_TAGS:
        loader.add_constructor(f"tag:yaml.org,2002:{tag}", getattr(loader, f"construct_yaml_{tag}"))
    return loader


@checked
class SafeLoader(CheckedScalars, _Base):
    """The safe loader (libyaml's when installed) with checked scalars."""
