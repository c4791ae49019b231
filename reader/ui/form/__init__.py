"""Editing in the window: the front-matter form and its controller."""

from .controller import EditController
from .form import FrontMatterForm

__all__ = ["EditController", "FrontMatterForm"]
