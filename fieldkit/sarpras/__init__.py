"""Sarana dan prasarana: the equipment a team takes out and must bring back intact."""
