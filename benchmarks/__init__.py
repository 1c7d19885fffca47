"""The benchmark harness behind ``make bench``: every speed claim measured against a reference in one run."""
