"""``python -m elytra_status_core`` runs the ``elytra`` CLI."""

import sys

from ._cli import main

sys.exit(main())
