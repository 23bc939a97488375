"""Official documents as PDFs in Indonesian, each on the office's letterhead."""

from fieldkit.reports import sentences as sentences
