"""The hand-on to an ABIS: MOSIP's ABIS API v1.1 over a folder queue (issue 48).

Part of the penunggalan room (:mod:`sync.server.dedup`): the messages, the queue's both
sides and the ``abis`` commands.
"""
