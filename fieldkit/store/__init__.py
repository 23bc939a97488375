"""The encrypted local store and the keyring that unlocks it."""
