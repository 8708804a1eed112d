"""Entry script PyInstaller freezes: the same ``tongxin`` entry point pip installs."""

import sys

from ui.main import main

sys.exit(main())
