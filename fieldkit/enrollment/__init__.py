"""Field enrollment: a visit's people, their captures, exceptions, outcomes, and sealing.

Every officer action is a plain function here (``start_enrollment``,
``record_capture``, ``record_exception``, ``finish_enrollment``...); the app's
buttons, the CLI and the tests call the same ones.  docs/enrollment.md
describes the state machine and what is kept and deleted.
"""

from fieldkit.enrollment import sentences as sentences
