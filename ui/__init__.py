"""The PySide6 desktop app: a thin layer over ``fieldkit``; the only package that imports Qt."""
