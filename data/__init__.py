"""Loading labelled pairs (folders of pairs, JSONL or Parquet), and the seed pairs."""
