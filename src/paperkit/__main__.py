"""``python -m paperkit`` runs the ``paperkit`` command."""

import sys

from paperkit.cli import main

sys.exit(main())
