"""The fitted model: save/load, and the cleaning pipeline users call."""
