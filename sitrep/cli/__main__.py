"""``python -m sitrep.cli``: the command line without the installed ``sitrep`` script."""

import sys

from sitrep.cli.main import main

sys.exit(main())
