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

__all__ = ["CheckedScalars", "SafeLoader", "checked"]

if TYPE_CHECKING:  # what the checker sees: the mixin sits on a safe constructor
    _Mixin = yaml.constructor.SafeConstructor
    _Base = yaml.SafeLoader
else:
    _Mixin = object
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when installed

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
