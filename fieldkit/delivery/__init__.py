"""Delivery: what the data center's answers mean for a record on this laptop.

The one place that decides it.  :mod:`fieldkit.records.states` says which
state each record is in (the ketua tim's hold included) and which records are
waiting; :mod:`fieldkit.delivery.settle` applies a verified answer: an
acceptance purges the ciphertext, the family's receipt and the review summary
and audits the tombstone, a refusal puts the person on the revisit list;
:mod:`fieldkit.delivery.requeue` lets the office put a record refused by mistake
back in the queue.

``sync/`` checks signatures and moves bytes, then calls these functions; it
decides nothing about a record itself.  This package sits above ``records/``
(the outbox's table and files, and the states), ``review/`` and ``receipts/``;
none of those imports it.
"""

from fieldkit.delivery import sentences as sentences
