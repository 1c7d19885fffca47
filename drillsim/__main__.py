"""``python -m drillsim`` runs the command line."""

import sys

from drillsim.cli import main

sys.exit(main())
