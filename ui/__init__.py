"""The PySide6 desktop app: a thin layer over ``fieldkit``; the only package that imports Qt."""

from ui.refcounts import keep_singletons_alive

# Before any Qt signal is emitted in this process (see ui.refcounts).
keep_singletons_alive()
