"""The office steers its laptops (issue 38): the office package, first logins, health.

docs/sync-protocol.md §14 is the contract.  :mod:`fieldkit.office.package` reads a
verified package document into typed values, :mod:`fieldkit.office.apply` applies
it whole or not at all, :mod:`fieldkit.office.first_login` lets an officer the
office added set a password, and :mod:`fieldkit.office.health` writes the report
the laptop sends the data center.  What features lower down read (rule floors,
the already-recorded list) lives in :mod:`fieldkit.office_sent`.
"""
