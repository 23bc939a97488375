"""Penunggalan: the data center's own biometric search before a record leaves (issue 48).

Each ACCEPTED record is searched, finger position by finger position, against every
record the office holds (the *gallery*), with the face as a second opinion where the
fingers cannot decide.  The search proposes; a person decides:

* :mod:`.matcher` extracts a record's templates and compares two records (NBIS's
  minutiae extraction and Bozorth3 through ``nbis-py``; an LBP face descriptor with
  OpenCV), and holds the thresholds and where they come from;
* :mod:`.gallery` keeps the templates sealed to the data center's key in the database
  and opened only in the searching process's memory; :mod:`.index` holds the whole
  gallery's pre-filter vectors, faces and image hashes compactly (bytes, in blocks);
  :mod:`.snapshot` seals what a searcher opened into one file, so the next start reads
  it back instead of opening every row;
* :mod:`.queue` takes each waiting record once (a lease), searches and decides in one
  transaction: DUPLICATE_RECORD with candidates, PRINT_READY_RECORD, or ENROLL_FAILURE;
* :mod:`.adjudicate` is a person's decision on a DUPLICATE_RECORD (the CLI's and the
  console's), audited with who and why.

Only :mod:`.adjudicate` and :mod:`.candidates` are light: they import no image library,
so the console and ``records list`` may use them without loading OpenCV or NBIS.
"""

from __future__ import annotations

from sync.server.dedup import sentences as sentences
