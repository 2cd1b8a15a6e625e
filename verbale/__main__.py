"""`python -m verbale`: the same command line as `verbale`."""

from verbale.cli import main

main()
