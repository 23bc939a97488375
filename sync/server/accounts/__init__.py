"""The office's accounts and its audit trail, below every room that records who did what.

The data center's rooms (cards, deliveries, the office's rules, adjudication, the
CLI's commands) write ``console_audit`` and name an :class:`~.roles.Actor`; the console
shows and manages the same accounts.  Living here, under the console rather than in it,
they let every room record its changes without importing the browser's pages (issue 58):

- :mod:`.roles`: who makes a change (:class:`~.roles.Actor`) and what they may do
  (:class:`~.roles.Role`);
- :mod:`.trail`: one line of the audit trail in the change's own transaction
  (:func:`~.trail.write_audit`), and the console's refused attempts;
- :mod:`.book`: the accounts themselves: Argon2id passwords, logins, the lockout.
"""
