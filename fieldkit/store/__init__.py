"""The encrypted local store and the keyring that unlocks it."""

from fieldkit.store import sentences as sentences
