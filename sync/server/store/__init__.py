"""The store below every room: the database, the blob store, group commit, stamps.

Every room keeps its rows here and reads them through :mod:`sync.server.store.database`;
no module of this package imports a room (docs/architecture.md, "The data center's rooms").
"""
