"""Official documents as PDFs in Indonesian, each on the office's letterhead."""

from fieldkit.reports import sentences as sentences

#: The civil registration office's own name, under its regency's government on every
#: letterhead.  Here, not in ``letters``, so that the data center's console, which prints
#: the same letterhead, does not load the PDF stack (reportlab) and the laptop's ORM for it.
OFFICE_NAME = "Dinas Kependudukan dan Pencatatan Sipil"
#: The settings key of the office's letterhead profile.  Here, not in ``letters``, so that
#: applying an office package at login does not load ReportLab for one key.
PROFILE_KEY = "office.profile"
