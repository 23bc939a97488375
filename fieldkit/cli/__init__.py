"""The ``fieldkit`` command: the same core functions the app's buttons call."""
