"""Official documents as PDFs in Indonesian, each on the office's letterhead."""
