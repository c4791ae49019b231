"""A cheaper answer to PySide6's question about every module imported after it.

Since PySide6 6.4 (PYSIDE-2029) its ``__feature__`` support asks, for each
module imported once PySide6 is (and for each one imported before, on first
use), whether that module "uses PySide": ``_mod_uses_pyside`` in
``shibokensupport.feature`` answers by looking for the text ``"PySide6"`` in
``inspect.getsource(module)``.  That call goes through :mod:`linecache`,
decodes the whole file and, on every new module, lets :func:`inspect.getmodule`
walk ``sys.modules``: about 0.3 ms a module, 27–37 ms for the ~100 modules the
window imports before its first paint (a tenth of what it adds to a bare Qt
window), some of it on the thread that opens the library.

:func:`lighten_feature_checks` replaces that function with one giving the
same answer for a module with a ``.py`` file: whether the file's bytes hold
``b"PySide6"`` (the source's encoding is ASCII-compatible: the search finds
the same).  Any other module (built in, frozen, from a zip, its file gone)
is asked the original way.  It is called by the app at start-up, never on
import; a PySide6 without that function is left alone.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

__all__ = ["CHECK", "FEATURE_MODULE", "current_check", "lighten_feature_checks", "uses_pyside"]

#: The module of PySide6's feature switching, where the check lives.
FEATURE_MODULE = "shibokensupport.feature"
#: The name of the check in it.
CHECK = "_mod_uses_pyside"
_MARK = b"PySide6"


def uses_pyside(module: ModuleType, otherwise: Callable[[ModuleType], bool]) -> bool:
    """Whether ``module``'s source names PySide6, read from its ``.py`` file;
    ``otherwise(module)`` when it has none that can be read."""
    path = getattr(module, "__file__", None)
    if isinstance(path, str) and path.endswith(".py"):
        try:
            with open(path, "rb") as source:
                return _MARK in source.read()
        except OSError:
            pass
    return otherwise(module)


def current_check() -> Callable[[ModuleType], bool] | None:
    """The check PySide6 calls now, if it has one (its own, or the light one,
    whose ``pyside_original`` is PySide6's)."""
    check = getattr(sys.modules.get(FEATURE_MODULE), CHECK, None)
    return check if callable(check) else None


def lighten_feature_checks() -> bool:
    """Answer PySide6's per-module question the cheap way from now on (see
    the module's text); whether it was done (false when PySide6 is not
    imported, has no such check, or it is done already)."""
    feature = sys.modules.get(FEATURE_MODULE)
    original = getattr(feature, CHECK, None)
    if feature is None or not callable(original) or hasattr(original, "pyside_original"):
        return False

    def check(module: ModuleType) -> bool:
        return uses_pyside(module, original)

    check.pyside_original = original  # type: ignore[attr-defined]
    setattr(feature, CHECK, check)
    return True
