"""Editing in the window: the front-matter form and its controller.

The form's widgets load the first time the form is needed, not at start-up.
"""

from reader.ui.form.controller import EditController

__all__ = ["EditController"]
